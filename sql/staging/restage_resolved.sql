-- A tally's rows set aside only because a name did not resolve (`resolved`: the column, a country),
-- whose delivered spelling resolves now (an operator answered with `hrp countries add`), staged again
-- as rows of their delivery, which waits for validation once more ('staged'): its rows loaded stay
-- in candidates, and the merge recounts its keys with the rows added. They are no longer set aside:
-- their quarantine lines and the manifest's count of them go. Only rows of a content some landing
-- path holds now (audit/held_now.sql, read after tonight's sightings: a file put back as it was is
-- counted tonight): a version since replaced under the same name keeps its 'loaded' record in the
-- manifest, and reviving its rows would judge and mark a file no one counts. Counted, or staged (a
-- held delivery released tonight, validated with them). Of a delivery held (or held and acknowledged:
-- left out on purpose), they join its rows held in staging, as a clean night reading the file with
-- the answer holds them, and it stays held unjudged: a row added never lifts a hold (the
-- mostly-rejected share counts a row waiting for a name as one that breaks no rule, so an answer can
-- only raise it), and a release judges them all.
CREATE OR REPLACE TEMP TABLE restaged AS
WITH spellings AS (
    SELECT name_key(name) AS spelling_key, any_value(code) AS resolved_code FROM ref.country_names GROUP BY ALL
),
latest AS (
    SELECT sha256, arg_max(status, delivery_id) AS status
    FROM audit.file_manifest WHERE source = {{ source | literal }} GROUP BY sha256
)
SELECT s.* EXCLUDE (kind, _unparsed, _delivered_spelling)
           REPLACE (sp.resolved_code AS {{ resolved | ident }}, {{ run_id | literal }} AS _run_id),
       l.status IN ('held', 'acknowledged') AS _held
FROM audit.set_aside_{{ source }} AS s
JOIN spellings AS sp ON sp.spelling_key = name_key(s._delivered_spelling)
JOIN latest AS l ON l.sha256 = s._file_sha256 AND l.status IN ('loaded', 'staged', 'held', 'acknowledged')
SEMI JOIN ({% include "audit/held_now.sql" %}) AS h ON h.sha256 = s._file_sha256
WHERE s.kind = 'set aside' AND s._unparsed = [{{ resolved | literal }}];

INSERT INTO staging.{{ source }} BY NAME SELECT * EXCLUDE (_held) FROM restaged;

DELETE FROM audit.set_aside_{{ source }} AS s
USING restaged AS r
WHERE s._file_sha256 = r._file_sha256 AND s._row_number = r._row_number;
INSERT INTO audit.set_aside_{{ source }} BY NAME SELECT * EXCLUDE (_held), 'held' AS kind FROM restaged WHERE _held;

DELETE FROM audit.quarantine AS q
USING restaged AS r
WHERE q.source = {{ source | literal }} AND q.sha256 = r._file_sha256 AND q.row_number = r._row_number;

UPDATE audit.file_manifest AS m
SET status = 'staged', rows_quarantined = m.rows_quarantined - r.rows
FROM (SELECT _file_sha256, count(*) AS rows FROM restaged WHERE NOT _held GROUP BY ALL) AS r
WHERE m.source = {{ source | literal }} AND m.sha256 = r._file_sha256 AND m.status IN ('loaded', 'staged');

UPDATE audit.file_manifest AS m
SET rows_quarantined = m.rows_quarantined - r.rows, rows_held = coalesce(m.rows_held, 0) + r.rows
FROM (SELECT _file_sha256, count(*) AS rows FROM restaged WHERE _held GROUP BY ALL) AS r
WHERE m.source = {{ source | literal }} AND m.sha256 = r._file_sha256 AND m.status IN ('held', 'acknowledged');

-- counted at no position: the merge's recount (core/recount.sql) takes its keys up again, new rows included
UPDATE audit.counted_deliveries SET position = []
WHERE source = {{ source | literal }} AND sha256 IN (SELECT _file_sha256 FROM restaged WHERE NOT _held);
