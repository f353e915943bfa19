-- The names a tally's rows were set aside for (a country that did not resolve, or that means more than
-- one), still waiting for an answer: once per spelling (compared as name_key compares them), with the
-- rows and files it holds back and the runs that set them aside. Only rows of deliveries still loaded
-- whose content some landing path holds now (audit/held_now.sql), the rows an answer stages again
-- (staging/restage_resolved.sql): a version since replaced asks nothing.
WITH latest AS (
    SELECT sha256, arg_max(status, delivery_id) AS status
    FROM audit.file_manifest WHERE source = {{ source | literal }} GROUP BY sha256
)
SELECT min(s._delivered_spelling) AS spelling, count(*) AS "rows", count(DISTINCT s._file_sha256) AS files,
       list(DISTINCT s._run_id ORDER BY s._run_id) AS runs
FROM audit.set_aside_{{ source }} AS s
JOIN latest AS l ON l.sha256 = s._file_sha256 AND l.status = 'loaded'
SEMI JOIN ({% include "audit/held_now.sql" %}) AS h ON h.sha256 = s._file_sha256
WHERE s.kind = 'set aside' AND s._delivered_spelling IS NOT NULL
GROUP BY name_key(s._delivered_spelling)
ORDER BY "rows" DESC, spelling;
