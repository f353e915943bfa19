-- How many rows were set down as breaking one expectation (checked against GX's unexpected_count).
SELECT count(*) FROM failing_rows WHERE rule = $rule;
