-- How many rows of each delivery break a row-level expectation (to hold a delivery mostly rejected),
-- not counting rows that break only rules reading today (`dated_rules`: a date in the future) or rules
-- a rebuild decides otherwise. Those are set aside until their date has passed or a rebuild
-- (audit/dates_passed.sql): a file of next month's assignments, or of case versions a later counted
-- version contradicts, is not the wrong file, and a rebuild (after that date) would not hold it.
SELECT _file_sha256, count(DISTINCT _row_number) FILTER (WHERE NOT list_contains($dated_rules, rule))
FROM failing_details
WHERE level = 'row'
GROUP BY _file_sha256;
