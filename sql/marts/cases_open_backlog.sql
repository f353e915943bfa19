-- One row per case open at the end of the period: opened by then, not closed by then.
SELECT p.period_id, c.severity, 1 AS num, NULL AS den
FROM core.cases AS c
JOIN periods AS p ON c.opened_on <= p.measured_on
WHERE c.closed_on IS NULL OR c.closed_on > p.measured_on
