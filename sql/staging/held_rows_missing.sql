-- A held delivery whose rows are not all waiting in staging: a warehouse made before held rows were
-- kept there (ingest/retire_raw.sql) may have cleared them. Released, it would merge fewer rows
-- than it holds, and the manifest would not reconcile.
SELECT m.rows_held - (SELECT count(*) FROM staging.{{ source }} WHERE _file_sha256 = m.sha256) AS missing
FROM audit.file_manifest AS m
WHERE m.source = {{ source | literal }} AND m.sha256 = $sha256 AND m.status = 'held'
