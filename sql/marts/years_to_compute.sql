-- Of the requested fiscal years, those whose values are out of date, and whether whole: a year
-- never computed, computed from other definitions, or measured on another day than it would be today
-- (a year in progress: its "so far" moves every day; or a year computed under a wrong date) is
-- recomputed whole; a year touched by new data, or whose coverage by a source changed (see
-- marts/coverage_digests.sql), for those sources (whole while in progress). A year in progress
-- already measured today from the same data is not recomputed: its values, and the mart suite's
-- verdict on them, would be the same, so a second night on one day validates nothing. A year whose
-- values last failed a blocking rule of the mart suite is recomputed and validated again, whole, every
-- run until they pass: its failure keeps blocking what follows, as it did when the year in progress
-- was recomputed on every run.
WITH requested AS (
    SELECT r.fiscal_year, r.measured_on FROM (SELECT unnest($requested, recursive := true)) AS r
),
coverage_now AS (
    {% include "marts/coverage_digests.sql" with context %}
),
failed_runs AS (
    SELECT DISTINCT run_id FROM audit.validation_results
    WHERE suite = 'metric_values' AND level = 'blocking' AND NOT success
),
changed AS (
    SELECT fiscal_year, source FROM audit.dirty_fiscal_years
    UNION
    SELECT n.fiscal_year, n.source
    FROM coverage_now AS n
    LEFT JOIN marts.computed_coverage AS c USING (fiscal_year, source)
    WHERE c.digest IS DISTINCT FROM n.digest
)
SELECT requested.fiscal_year,
       c.fiscal_year IS NULL OR c.fingerprint <> $fingerprint OR requested.fiscal_year >= $current_fiscal_year
           OR c.measured_on IS DISTINCT FROM requested.measured_on OR c.run_id IN (SELECT run_id FROM failed_runs)
           AS whole,
       coalesce(d.sources, []) AS sources
FROM requested
LEFT JOIN marts.computed_years AS c ON c.fiscal_year = requested.fiscal_year
LEFT JOIN (
    SELECT fiscal_year, list(DISTINCT source ORDER BY source) AS sources FROM changed GROUP BY fiscal_year
) AS d ON d.fiscal_year = requested.fiscal_year
WHERE c.fiscal_year IS NULL
   OR c.fingerprint <> $fingerprint
   OR c.measured_on IS DISTINCT FROM requested.measured_on
   OR c.run_id IN (SELECT run_id FROM failed_runs)
   OR d.fiscal_year IS NOT NULL
ORDER BY 1;
