-- Each suite's expectations and how their latest evaluation went.
SELECT suite, expectation, level, coalesce(arg_max(success, validated_at), false) AS latest_success
FROM audit.validation_results
GROUP BY suite, expectation, level
ORDER BY suite, level, expectation;
