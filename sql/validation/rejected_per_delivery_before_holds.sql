-- How many rows of each delivery break a row-level expectation (to hold a delivery mostly rejected),
-- not counting rows that break only rules reading today (a date in the future) or other deliveries
-- (a case version going back from, or ahead of, another file's): `dated_rules`. They say when the
-- file came, not that it is the wrong file: set aside until their date has passed, or judged again
-- (audit/dates_passed.sql), a rebuild later would not hold the file.
-- A tally is asked as a whole file, as a clean night reading it with any answer since asks it: beside
-- tonight's rejected rows, validated again for rows staged again (a country answered since:
-- staging/restage_resolved.sql), the rows its earlier validation passed (`candidates`) and set aside
-- by a row rule (`row_rules`, in audit.quarantine; not a dated one); and its rows waiting for a name
-- to resolve (the one column that did not parse is the one resolved by name, its spelling kept),
-- counted as rows that break no rule: once answered they may break one, so the share only grows with
-- an answer, and a file held without it stays held with it. For any other delivery all three are 0.
WITH tonight AS (
    SELECT _file_sha256, count(DISTINCT _row_number) FILTER (WHERE NOT list_contains($dated_rules, rule)) AS rejected
    FROM failing_details
    WHERE level = 'row'
    GROUP BY _file_sha256
)
SELECT t._file_sha256, t.rejected,
{% if contract.tally %}
       (SELECT count(*) FROM candidates.{{ contract.source }} AS c WHERE c._file_sha256 = t._file_sha256),
       (SELECT count(DISTINCT q.row_number) FROM audit.quarantine AS q
        WHERE q.source = {{ contract.source | literal }} AND q.sha256 = t._file_sha256
          AND list_contains($row_rules, q.rule) AND NOT list_contains($dated_rules, q.rule)),
       (SELECT count(*) FROM audit.set_aside_{{ contract.source }} AS a
        WHERE a._file_sha256 = t._file_sha256 AND a.kind = 'set aside'
          AND len(a._unparsed) = 1 AND a._delivered_spelling IS NOT NULL)
{% else %}
       0, 0, 0
{% endif %}
FROM tonight AS t;
