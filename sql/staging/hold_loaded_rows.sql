-- A delivery validated again for rows staged again (a country answered since:
-- staging/restage_resolved.sql) can be held whole by them. Its rows loaded before leave the
-- candidates and wait, typed, in staging with the others, and the manifest counts them held, not
-- loaded: the state a clean rebuild, holding the file at its first validation, has. So do a tally's
-- rows set aside by a row rule at that validation: a file held whole sets none aside (their
-- quarantine lines go). A release then validates them all again. Run after the recount, which takes
-- their keys out of core. `held`: the relation naming them (a counted file held after a recount:
-- core/after_recount/).
CREATE OR REPLACE TEMP TABLE held_before AS
SELECT c.* FROM candidates.{{ source }} AS c SEMI JOIN {{ held | default("held_deliveries") }} USING (_file_sha256);

INSERT INTO staging.{{ source }} BY NAME SELECT * FROM held_before;
{% if tally %}
INSERT INTO audit.set_aside_{{ source }} BY NAME SELECT *, 'held' AS kind FROM held_before;

CREATE OR REPLACE TEMP TABLE judged_before AS
SELECT j.* EXCLUDE (kind, _unparsed, _delivered_spelling)
FROM ({% include "audit/judged_set_aside.sql" %}) AS j
SEMI JOIN {{ held | default("held_deliveries") }} USING (_file_sha256);

INSERT INTO staging.{{ source }} BY NAME SELECT * FROM judged_before;
UPDATE audit.set_aside_{{ source }} AS a SET kind = 'held'
FROM judged_before AS j
WHERE a._file_sha256 = j._file_sha256 AND a._row_number = j._row_number AND a.kind = 'set aside';
DELETE FROM audit.quarantine AS q
USING judged_before AS j
WHERE q.source = {{ source | literal }} AND q.sha256 = j._file_sha256 AND q.row_number = j._row_number;
UPDATE audit.file_manifest AS m
SET rows_quarantined = coalesce(m.rows_quarantined, 0) - j.rows, rows_held = coalesce(m.rows_held, 0) + j.rows
FROM (SELECT _file_sha256, count(*) AS rows FROM judged_before GROUP BY ALL) AS j
WHERE m.source = {{ source | literal }} AND m.sha256 = j._file_sha256 AND m.status = 'held';
DROP TABLE judged_before;
{% endif %}
DELETE FROM candidates.{{ source }} WHERE _file_sha256 IN (SELECT _file_sha256 FROM held_before);

UPDATE audit.file_manifest AS m
SET rows_loaded = coalesce(m.rows_loaded, 0) - h.rows, rows_held = coalesce(m.rows_held, 0) + h.rows
FROM (SELECT _file_sha256, count(*) AS rows FROM held_before GROUP BY ALL) AS h
WHERE m.source = {{ source | literal }} AND m.sha256 = h._file_sha256 AND m.status = 'held';

DROP TABLE held_before;
