-- What happened to a source's deliveries in one run (staged or settled by it).
SELECT path, version, format, status, rows_read, rows_loaded, rows_quarantined, rows_held, error, notes
FROM audit.file_manifest
WHERE source = $source AND (run_id = $run_id OR validated_run_id = $run_id)
ORDER BY delivery_id;
