-- The deliveries whose rows set aside the figures still miss (after reports/still_missing.sql: not
-- delivered again, not replaced, not accepted with `hrp acknowledge`), by the path that holds each
-- now, with how many rows. A held delivery's rows are left out: it is asked for as held.
WITH paths AS (  -- the content each landing path holds now
    SELECT path, sha256 FROM audit.landing_sightings WHERE source = {{ source | literal }}
    QUALIFY row_number() OVER (PARTITION BY path ORDER BY seen_order DESC) = 1
)
SELECT p.path, count(DISTINCT s._row_number) AS "rows"
FROM still_missing AS s
JOIN paths AS p ON p.sha256 = s._file_sha256
WHERE s.kind = 'set aside' AND NOT s.accepted
GROUP BY p.path
ORDER BY p.path;
