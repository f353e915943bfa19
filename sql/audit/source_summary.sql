-- Per source: deliveries by status and rows by fate, over all time.
SELECT source,
       count(*) FILTER (WHERE status IN ('loaded', 'released')) AS files_loaded,
       count(*) FILTER (WHERE status = 'held') AS files_held,
       count(*) FILTER (WHERE status = 'failed') AS files_failed,
       coalesce(sum(rows_read), 0) AS rows_read,
       coalesce(sum(rows_loaded), 0) AS rows_loaded,
       coalesce(sum(rows_quarantined), 0) AS rows_quarantined,
       coalesce(sum(rows_held), 0) AS rows_held
FROM audit.file_manifest
GROUP BY source
ORDER BY source;
