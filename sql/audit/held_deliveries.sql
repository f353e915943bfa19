-- Deliveries held back whole, waiting for a corrected re-delivery or an operator's release.
SELECT source, path, version, sha256, rows_read, error, run_id, processed_at
FROM audit.file_manifest
WHERE status = 'held'
ORDER BY source, delivery_id;
