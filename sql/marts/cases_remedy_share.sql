-- One row per case closed in the period: num = 1 if a remedy was provided.
SELECT p.period_id, c.category, (c.outcome = 'remedy_provided')::INTEGER AS num, 1 AS den
FROM core.cases AS c
JOIN periods AS p ON c.closed_on BETWEEN p.period_start AND p.measured_on
WHERE c.status = 'closed'
