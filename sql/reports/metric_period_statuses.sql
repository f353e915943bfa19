-- Every metric's status for every period up to a fiscal year, from any of its rows: a metric shown
-- only by its parts (outcome shares) has no total row, yet its periods were delivered or not.
SELECT metric_id, period_id, min(coalesce(status, 'value')) AS status
FROM marts.metric_values
WHERE fiscal_year <= $fiscal_year
GROUP BY metric_id, period_id
ORDER BY metric_id, period_id;
