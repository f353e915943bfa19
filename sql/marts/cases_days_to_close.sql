-- One row per case closed in the period: num = days from opening to closing.
SELECT p.period_id, c.severity, date_diff('day', c.opened_on, c.closed_on) AS num, NULL AS den
FROM core.cases AS c
JOIN periods AS p ON c.closed_on BETWEEN p.period_start AND p.measured_on
WHERE c.status = 'closed'
