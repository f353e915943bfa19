-- Of the requested fiscal years, those whose values are out of date, and whether whole: a year
-- never computed, computed from other definitions, or measured on another day than it would be today
-- (a year in progress: its "so far" moves every day; or a year computed under a wrong date) is
-- recomputed whole; a year touched by new data, or whose coverage by a source changed (see
-- marts/coverage_digests.sql), for those sources (whole while in progress): each mark is a source
-- and the date that placed the new rows in the year (NULL: every metric of the source), so that a
-- metric placed by another date (catalogue `placed_by`) keeps its values. A year in progress
-- already measured today from the same data is not recomputed: its values, and the mart suite's
-- verdict on them, would be the same, so a second night on one day validates nothing. A year whose
-- values were not passed by the mart suite of the run that computed them (it failed a blocking rule,
-- or the run died between committing the values and recording a verdict) is recomputed and validated
-- again, whole, every run until they pass: unvalidated values never stand as "validated before".
WITH requested AS (
    SELECT r.fiscal_year, r.measured_on FROM (SELECT unnest($requested, recursive := true)) AS r
),
coverage_now AS (
    {% include "marts/coverage_digests.sql" with context %}
),
passed_runs AS (
    SELECT run_id FROM audit.validation_results
    WHERE suite = 'metric_values' AND level = 'blocking'
    GROUP BY run_id HAVING bool_and(success)
),
changed AS (
    SELECT fiscal_year, source, placed_by FROM audit.dirty_fiscal_years
    UNION
    SELECT n.fiscal_year, n.source, NULL AS placed_by
    FROM coverage_now AS n
    LEFT JOIN marts.computed_coverage AS c USING (fiscal_year, source)
    WHERE c.digest IS DISTINCT FROM n.digest
)
SELECT requested.fiscal_year,
       c.fiscal_year IS NULL OR c.fingerprint <> $fingerprint OR requested.fiscal_year >= $current_fiscal_year
           OR c.measured_on IS DISTINCT FROM requested.measured_on
           OR c.run_id IS NULL OR c.run_id NOT IN (SELECT run_id FROM passed_runs)
           AS whole,
       coalesce(d.marks, []) AS marks
FROM requested
LEFT JOIN marts.computed_years AS c ON c.fiscal_year = requested.fiscal_year
LEFT JOIN (
    SELECT fiscal_year, list(DISTINCT (source, placed_by)) AS marks FROM changed GROUP BY fiscal_year
) AS d ON d.fiscal_year = requested.fiscal_year
WHERE c.fiscal_year IS NULL
   OR c.fingerprint <> $fingerprint
   OR c.measured_on IS DISTINCT FROM requested.measured_on
   OR c.run_id IS NULL OR c.run_id NOT IN (SELECT run_id FROM passed_runs)
   OR d.fiscal_year IS NOT NULL
ORDER BY 1;
