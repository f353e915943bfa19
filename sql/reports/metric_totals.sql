-- Every metric's total for every period up to a fiscal year (for values, changes and trends).
SELECT metric_id, fiscal_year, period_id, period_kind, value, numerator, denominator, units,
       coalesce(status, 'value') AS status
FROM marts.metric_values
WHERE breakdown = '' AND fiscal_year <= $fiscal_year
ORDER BY metric_id, fiscal_year, period_id;
