-- A fiscal year's metric values as Great Expectations sees them, with two derived checks: the
-- outcome shares of each demand group adding up to 1, and the period belonging to the calendar.
WITH values AS (
    SELECT * FROM marts.metric_values WHERE fiscal_year IN (SELECT unnest($fiscal_years))
),
outcome_totals AS (
    SELECT period_id, coalesce(member_2, '') AS request_type, sum(value) AS total
    FROM values
    WHERE metric_id = 'government_demands_outcome_share' AND value IS NOT NULL
    GROUP BY ALL
)
SELECT v.* EXCLUDE (run_id, computed_at),
       CASE WHEN v.metric_id = 'government_demands_outcome_share' AND v.value IS NOT NULL THEN o.total END
           AS _outcome_share_total,
       p.period_id IS NOT NULL AS _period_known
FROM values AS v
LEFT JOIN outcome_totals AS o ON o.period_id = v.period_id AND o.request_type = coalesce(v.member_2, '')
LEFT JOIN marts.periods AS p ON p.period_id = v.period_id
ORDER BY v.metric_id, v.period_id, v.breakdown, v.member_1, v.member_2;
