-- A fiscal year's values by member, for every single-dimension breakdown.
SELECT metric_id, period_id, breakdown, dimension_1, member_1, member_2, value, numerator, denominator, units
FROM marts.metric_values
WHERE fiscal_year = $fiscal_year AND period_kind = 'year' AND breakdown <> '' AND dimension_2 IS NULL
ORDER BY metric_id, dimension_1, member_1;
