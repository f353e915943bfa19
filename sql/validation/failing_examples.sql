-- Up to three distinct offending values per failed rule (only values that may be shown are stored).
SELECT rule, (list(DISTINCT offending_value ORDER BY offending_value) FILTER (WHERE offending_value IS NOT NULL))[1:3]
FROM failing_details GROUP BY rule ORDER BY min(rule_order);
