-- The keys Great Expectations listed for one failed expectation (registered as listed_failing_keys).
INSERT INTO failing_rows SELECT $rule, _file_sha256, _row_number FROM listed_failing_keys;
