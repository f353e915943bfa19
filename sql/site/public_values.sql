-- Every value of the public metrics, for every fiscal year and half, every breakdown.
SELECT metric_id, fiscal_year, period_id, period_kind, period_start, period_end, breakdown,
       dimension_1, member_1, dimension_2, member_2, value, numerator, denominator, units,
       not_reported, reported_for_year, computed_at, coalesce(status, 'value') AS data_status,
       -- the period had not ended when computed: 'to date' even when nothing was delivered ('no data')
       measured_on < period_end AS in_progress
FROM marts.metric_values
WHERE metric_id IN (SELECT unnest($metrics))
ORDER BY metric_id, fiscal_year, period_start, period_kind DESC, breakdown, member_1, member_2;
