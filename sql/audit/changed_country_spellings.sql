-- How many spellings that resolved rows of the contents landing holds now (`held`) no longer resolve,
-- or resolve to another country: an alias was removed or changed under rows already read.
WITH spellings AS (
    SELECT name_key(name) AS spelling_key, any_value(code) AS code FROM ref.country_names GROUP BY ALL
)
SELECT count(DISTINCT r.spelling_key)
FROM audit.country_spellings AS r
LEFT JOIN spellings AS s ON s.spelling_key = r.spelling_key
WHERE r.source = $source AND list_contains($held::VARCHAR[], r.sha256) AND s.code IS DISTINCT FROM r.code;
