-- How many rows of each delivery break a row-level expectation (to hold a delivery mostly rejected),
-- not counting rows that break only rules reading today (a date in the future) or other deliveries
-- (a case version going back from, or ahead of, another file's): `dated_rules`. They say when the
-- file came, not that it is the wrong file: set aside until their date has passed, or judged again
-- (audit/dates_passed.sql), a rebuild later would not hold the file.
SELECT _file_sha256, count(DISTINCT _row_number) FILTER (WHERE NOT list_contains($dated_rules, rule))
FROM failing_details
WHERE level = 'row'
GROUP BY _file_sha256;
