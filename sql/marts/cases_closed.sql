-- One row per case closed in the period.
SELECT p.period_id, c.category, 1 AS num, NULL AS den
FROM core.cases AS c
JOIN periods AS p ON c.closed_on BETWEEN p.period_start AND p.measured_on
WHERE c.status = 'closed'
