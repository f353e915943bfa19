-- The files whose rows are in the warehouse: the inputs of every number in the report.
SELECT source, path, version, sha256, coalesce(rows_loaded, 0) AS rows_loaded, processed_at
FROM audit.file_manifest
WHERE status IN ('loaded', 'released')
ORDER BY source, path, version;
