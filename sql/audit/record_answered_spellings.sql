-- The spellings of rows set aside because they did not resolve, which resolve now (an operator
-- answered with `hrp countries add`): staging/restage_resolved.sql stages those rows again, so the
-- country each spelling now means is recorded for their content, as staging records it.
INSERT INTO audit.country_spellings
SELECT DISTINCT {{ source | literal }}, s._file_sha256, sp.spelling_key, sp.code
FROM audit.set_aside_{{ source }} AS s
JOIN (SELECT name_key(name) AS spelling_key, any_value(code) AS code FROM ref.country_names GROUP BY ALL) AS sp
    ON sp.spelling_key = name_key(s._delivered_spelling)
WHERE s.kind = 'set aside' AND s._unparsed = [{{ resolved | literal }}]
EXCEPT
SELECT source, sha256, spelling_key, code FROM audit.country_spellings;
