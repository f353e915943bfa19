-- The latest validation of each suite, one row per expectation: what the operators' page shows.
-- Counts and rule names only: no delivered value is ever read for the page.
WITH latest AS (
    SELECT suite, max(validated_at) AS validated_at FROM audit.validation_results GROUP BY suite
)
SELECT v.suite, v.run_id, v.validated_at, v.expectation, v.expectation_type, v.column_name, v.level,
       v.success, v.element_count, v.unexpected_count, v.deliveries
FROM audit.validation_results AS v
JOIN latest USING (suite, validated_at)
ORDER BY v.suite, v.success, v.level, v.expectation;
