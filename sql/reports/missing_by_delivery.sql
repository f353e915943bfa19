-- The deliveries whose rows set aside the figures still miss (after reports/still_missing.sql: not
-- delivered again, not replaced, not accepted with `hrp acknowledge`), by the path that holds each
-- now, with how many rows. A held delivery's rows are left out: it is asked for as held.
{% from "audit/latest_sightings.sql" import latest_sightings %}
WITH paths AS (  -- the content each landing path holds now
    {{ latest_sightings("path, sha256", source | literal) }}
)
SELECT p.path, count(DISTINCT s._row_number) AS "rows"
FROM still_missing AS s
JOIN paths AS p ON p.sha256 = s._file_sha256
WHERE s.kind = 'set aside' AND NOT s.accepted
GROUP BY p.path
ORDER BY p.path;
