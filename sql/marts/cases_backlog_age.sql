-- One row per case open at the end of the period: num = its age in days on that day.
SELECT p.period_id, c.severity, date_diff('day', c.opened_on, p.measured_on) AS num, NULL AS den
FROM core.cases AS c
JOIN periods AS p ON c.opened_on <= p.measured_on
WHERE c.closed_on IS NULL OR c.closed_on > p.measured_on
