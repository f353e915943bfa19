-- One row per case opened in the period that affected volunteers or human rights defenders.
SELECT p.period_id, c.affected_group, c.category, 1 AS num, NULL AS den
FROM core.cases AS c
JOIN periods AS p ON c.opened_on BETWEEN p.period_start AND p.measured_on
WHERE c.affected_group IN ('volunteer', 'human_rights_defender')
