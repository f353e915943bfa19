-- Per delivery and blocking rule it breaks, its failing rows as lines ("row N: message"), in file
-- order: a held delivery shows the first three, a released one lists them all.
SELECT _file_sha256, rule, list('row ' || _row_number || ': ' || message ORDER BY _row_number)
FROM failing_details WHERE level = 'blocking'
GROUP BY _file_sha256, rule ORDER BY _file_sha256, min(rule_order);
