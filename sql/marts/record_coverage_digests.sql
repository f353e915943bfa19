-- The coverage a fiscal year's values were computed with, for the sources just recomputed.
DELETE FROM marts.computed_coverage
WHERE fiscal_year = {{ fiscal_year }} AND source IN (SELECT unnest({{ sources | literal }}));
INSERT INTO marts.computed_coverage
{% include "marts/coverage_digests.sql" with context %};
