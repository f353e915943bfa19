-- A delivery validated again for rows staged again (a country answered since:
-- staging/restage_resolved.sql) can be held whole by them. Its rows loaded before leave the
-- candidates and wait, typed, in staging with the others, and the manifest counts them held, not
-- loaded: the state a clean rebuild, holding the file at its first validation, has. A release then
-- validates and loads them all. Run after the recount, which takes their keys out of core. `held`:
-- the relation naming them (a counted file held after a recount: core/after_recount/).
CREATE OR REPLACE TEMP TABLE held_before AS
SELECT c.* FROM candidates.{{ source }} AS c SEMI JOIN {{ held | default("held_deliveries") }} USING (_file_sha256);

INSERT INTO staging.{{ source }} BY NAME SELECT * FROM held_before;
{% if tally %}
INSERT INTO audit.set_aside_{{ source }} BY NAME SELECT *, 'held' AS kind FROM held_before;
{% endif %}
DELETE FROM candidates.{{ source }} WHERE _file_sha256 IN (SELECT _file_sha256 FROM held_before);

UPDATE audit.file_manifest AS m
SET rows_loaded = coalesce(m.rows_loaded, 0) - h.rows, rows_held = coalesce(m.rows_held, 0) + h.rows
FROM (SELECT _file_sha256, count(*) AS rows FROM held_before GROUP BY ALL) AS h
WHERE m.source = {{ source | literal }} AND m.sha256 = h._file_sha256 AND m.status = 'held';

DROP TABLE held_before;
