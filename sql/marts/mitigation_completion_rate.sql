-- One row per assessment live during the period with mitigations: num = mitigations done by the
-- end of the period, den = mitigations identified.
SELECT period_id, owner_department, mitigations_done AS num, mitigations_total AS den
FROM ({% include "marts/assessment_snapshot_at_period_end.sql" %})
WHERE live AND status <> 'cancelled' AND mitigations_total > 0
