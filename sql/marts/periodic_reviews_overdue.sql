-- One row per assessment whose next periodic review was due before the end of the period.
SELECT period_id, owner_department, 1 AS num, NULL AS den
FROM ({% include "marts/assessment_snapshot_at_period_end.sql" %})
WHERE status <> 'cancelled' AND next_review_due < measured_on
