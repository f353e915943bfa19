-- The keys of the rows breaking one failed expectation, selected by the rule's own query
-- (sql/validation/rule_failing_rows.sql, rendered by pipeline/lib/quality/failing.py).
INSERT INTO failing_rows
SELECT $rule, _file_sha256, _row_number FROM (
{{ query }}
);
