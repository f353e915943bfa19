-- Rows quarantined, by source and rule, with up to three example values (never personal: those
-- columns have no offending value stored).
SELECT source, rule, count(DISTINCT (sha256, row_number)) AS rows,
       list(DISTINCT offending_value) FILTER (WHERE offending_value IS NOT NULL)[1:3] AS examples,
       any_value(message) AS example_message
FROM audit.quarantine
GROUP BY source, rule
ORDER BY source, rows DESC, rule;
