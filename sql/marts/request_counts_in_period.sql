-- Tally rows attributed to a period by the day their own period starts.
SELECT p.period_id, r.*
FROM core.request_counts AS r
JOIN periods AS p ON r.period_start BETWEEN p.period_start AND p.measured_on
