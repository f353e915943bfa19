-- One row per assessment live during the period, with its kind and its status at the period's end.
SELECT period_id, kind, status, 1 AS num, NULL AS den
FROM ({% include "marts/assessment_snapshot_at_period_end.sql" %})
WHERE live
