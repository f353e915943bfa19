-- Each assessment's latest snapshot on or before the end of each period (shared by the
-- assessment metrics; `live` = it was still being reported during the period). A snapshot stands
-- from its date until the assessment's next one (`superseded_on`), so each is joined to the
-- periods it is the latest for, and to no other: the join yields one row per assessment and
-- period, where pairing every earlier snapshot with every period made a year's assessment metrics
-- grow with the history behind it (docs/benchmarks.md, "the assessments at a period's end").
-- Snapshots after the last period's end cannot be the latest for any period, and leaving them out
-- changes no `superseded_on` that matters: a snapshot whose successor comes after every period
-- is the latest for every period from its date on either way.
SELECT p.period_id, p.period_start, p.measured_on, s.* EXCLUDE (superseded_on), s.as_of >= p.period_start AS live
FROM (
    SELECT *, lead(as_of) OVER (PARTITION BY assessment_id ORDER BY as_of) AS superseded_on
    FROM core.assessment_snapshots
    WHERE as_of <= (SELECT max(measured_on) FROM periods)
) AS s
JOIN periods AS p ON s.as_of <= p.measured_on AND (s.superseded_on IS NULL OR s.superseded_on > p.measured_on)
