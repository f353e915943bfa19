-- Each assessment's latest snapshot on or before the end of each period (shared by the
-- assessment metrics; `live` = it was still being reported during the period).
SELECT p.period_id, p.period_start, p.measured_on, s.*, s.as_of >= p.period_start AS live
FROM core.assessment_snapshots AS s
JOIN periods AS p ON s.as_of <= p.measured_on
QUALIFY row_number() OVER (PARTITION BY p.period_id, s.assessment_id ORDER BY s.as_of DESC) = 1
