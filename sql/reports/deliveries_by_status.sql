-- Deliveries by source and status, with rows by fate.
SELECT source, status, count(*) AS files, coalesce(sum(rows_read), 0) AS rows_read,
       coalesce(sum(rows_loaded), 0) AS rows_loaded, coalesce(sum(rows_quarantined), 0) AS rows_quarantined,
       coalesce(sum(rows_held), 0) AS rows_held
FROM audit.file_manifest
GROUP BY source, status
ORDER BY source, status;
