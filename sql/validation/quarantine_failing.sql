-- Rows that broke a row-level expectation, quarantined in one statement (held deliveries' rows are
-- held whole, not quarantined).
INSERT INTO audit.quarantine BY NAME
SELECT {{ source | literal }} AS source, _file_sha256 AS sha256, path, _row_number AS row_number, column_name,
       rule, 'row' AS level, message, offending_value, {{ run_id | literal }} AS run_id,
       {{ now | literal }}::TIMESTAMP AS quarantined_at
FROM failing_details
WHERE level = 'row' AND _file_sha256 NOT IN (SELECT _file_sha256 FROM held_deliveries);

CREATE OR REPLACE TEMP TABLE rejected_rows AS
SELECT DISTINCT _file_sha256, _row_number
FROM failing_details
WHERE level = 'row' AND _file_sha256 NOT IN (SELECT _file_sha256 FROM held_deliveries);

{% include "validation/set_aside/" ~ source ~ ".sql" ignore missing %}
