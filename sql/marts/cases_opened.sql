-- One row per case opened in the period.
SELECT p.period_id, c.category, c.affected_group, 1 AS num, NULL AS den
FROM core.cases AS c
JOIN periods AS p ON c.opened_on BETWEEN p.period_start AND p.measured_on
