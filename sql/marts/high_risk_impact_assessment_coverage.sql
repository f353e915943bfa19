-- One row per high-risk subject known by the end of the period (cancelled assessments aside):
-- num = 1 if the subject has an impact assessment completed by then. A subject is its type and
-- name (the name is used to group, never shown).
SELECT period_id, subject_type,
       bool_or(kind = 'impact_assessment' AND completed_on <= measured_on)::INTEGER AS num,
       1 AS den
FROM ({% include "marts/assessment_snapshot_at_period_end.sql" %})
WHERE status <> 'cancelled'
GROUP BY period_id, subject_type, subject_name
HAVING bool_or(risk_level = 'high')
