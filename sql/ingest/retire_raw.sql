-- Once, for a warehouse made before the delivered file became the raw layer: the held deliveries'
-- rows still in `raw.<source>` (as delivered text) are typed into staging, where held rows now wait
-- for a release, and the text table goes. Rows that did not parse had already left raw. The text is
-- trimmed, blank as NULL, as typing takes it (ingest/pseudonymise_group.sql).
CREATE OR REPLACE TEMP VIEW delivered_text AS
SELECT nullif(trim(COLUMNS(* EXCLUDE (_file_sha256, _row_number, _run_id))), ''), r._file_sha256, r._row_number, r._run_id
FROM raw.{{ source }} AS r
WHERE r._file_sha256 IN (
    SELECT sha256 FROM audit.file_manifest WHERE source = {{ source | literal }} AND status = 'held'
)
AND r._file_sha256 NOT IN (SELECT DISTINCT _file_sha256 FROM staging.{{ source }});
