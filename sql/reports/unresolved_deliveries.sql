-- Deliveries held or unreadable and not replaced since: what the data behind the report lacks. A file
-- delivered again under the same name is judged by its latest version only (as `hrp status` judges
-- it), so an unreadable file replaced by a good one is no longer listed.
WITH latest AS (
    SELECT *, row_number() OVER (PARTITION BY source, path ORDER BY version DESC, delivery_id DESC) AS recency
    FROM audit.file_manifest
)
SELECT source, path, version, status, coalesce(error, '') AS error
FROM latest
WHERE recency = 1 AND status IN ('held', 'failed')
ORDER BY source, path, version;
