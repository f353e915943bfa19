-- Each suite's expectations as last evaluated: how often each ran, and how its latest run went.
SELECT suite, expectation, level, count(*) AS evaluations,
       arg_max(success, validated_at) AS latest_success,
       sum(unexpected_count) AS unexpected_total,
       max(validated_at) AS last_validated
FROM audit.validation_results
GROUP BY suite, expectation, level
ORDER BY suite, level, expectation;
