-- Deliveries held or unreadable and not replaced since: what the data behind the report lacks.
SELECT source, path, version, status, coalesce(error, '') AS error
FROM audit.file_manifest
WHERE status IN ('held', 'failed')
ORDER BY source, path, version;
