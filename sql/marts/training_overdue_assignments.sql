-- One row per assignment whose due date fell in the period (and has passed) and that was not
-- completed by then, with its department and that department's group (ref.departments).
SELECT p.period_id, t.department, d."group" AS department_group, 1 AS num, NULL AS den
FROM core.training_records AS t
JOIN periods AS p ON t.due_on BETWEEN p.period_start AND p.measured_on
LEFT JOIN ref.departments AS d ON d.code = t.department
WHERE t.status <> 'exempt'
  AND (t.completed_on IS NULL OR t.completed_on > t.due_on)
  AND t.due_on < p.measured_on
