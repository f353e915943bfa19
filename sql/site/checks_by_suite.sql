-- The checks guarding each source's rows and how each went at its latest run (names are rule names,
-- never delivered values).
SELECT suite, expectation, level, arg_max(success, validated_at) AS latest_success
FROM audit.validation_results
GROUP BY suite, expectation, level
ORDER BY suite, level, expectation;
