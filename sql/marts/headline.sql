-- The fiscal-year totals of every metric for one year (for summaries).
SELECT metric_id, period_id, round(value, 3) AS value
FROM marts.metric_values
WHERE breakdown = '' AND period_kind = 'year' AND fiscal_year = $fiscal_year
ORDER BY metric_id;
