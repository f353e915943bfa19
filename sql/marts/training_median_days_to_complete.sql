-- One row per course completed in the period: num = days from assignment to completion.
SELECT p.period_id, t.person_type, date_diff('day', t.assigned_on, t.completed_on) AS num, NULL AS den
FROM core.training_records AS t
JOIN periods AS p ON t.completed_on BETWEEN p.period_start AND p.measured_on
WHERE t.status = 'completed'
