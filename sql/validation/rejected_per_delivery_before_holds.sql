-- How many rows of each delivery break a row-level expectation (to hold a delivery mostly rejected),
-- not counting rows that break only rules reading today (a date in the future) or other deliveries
-- (a case version going back from, or ahead of, another file's): `dated_rules`. They say when the
-- file came, not that it is the wrong file: set aside until their date has passed, or judged again
-- (audit/dates_passed.sql), a rebuild later would not hold the file.
-- A tally validated again for rows staged again (a country answered since: staging/restage_resolved.sql)
-- is asked as a whole file, as a clean night reading it with the answer asks it: beside tonight's
-- rejected rows, the rows its earlier validation passed (`candidates`) and set aside by a row rule
-- (`row_rules`, in audit.quarantine; not a dated one). For any other delivery both are 0.
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
          AND list_contains($row_rules, q.rule) AND NOT list_contains($dated_rules, q.rule))
{% else %}
       0, 0
{% endif %}
FROM tonight AS t;
