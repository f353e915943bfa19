-- Deliveries an operator has to deal with: the latest version of a file that could not be read or
-- was held back whole, until it is delivered again, released or acknowledged. A loaded delivery
-- with rows set aside is listed too (flagged `attention = false`): it needs a look, not an action.
-- A file still being written is listed until a run finds it complete (and reads it).
WITH latest AS (
    SELECT *, row_number() OVER (PARTITION BY source, path ORDER BY version DESC, delivery_id DESC) AS recency
    FROM audit.file_manifest
)
SELECT source, path, version, sha256, status, coalesce(error, '') AS error,
       coalesce(rows_read, 0) AS rows_read, coalesce(rows_quarantined, 0) AS rows_quarantined,
       run_id, validated_run_id, status IN ('failed', 'held') AS attention
FROM latest
WHERE recency = 1
  AND (status IN ('failed', 'held')
       OR (status = 'loaded' AND coalesce(rows_quarantined, 0) > 0
           AND ($run_id IS NULL OR run_id = $run_id OR validated_run_id = $run_id)))
UNION ALL
SELECT source, path, 0, '', 'being written', reason, 0, 0, run_id, NULL, true
FROM audit.landing_unsettled
ORDER BY source, path;
