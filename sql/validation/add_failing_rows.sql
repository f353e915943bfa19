-- The keys Great Expectations gives for one failed expectation: its own query for them, run here.
INSERT INTO failing_rows
SELECT {{ rule | literal }}, _file_sha256, _row_number FROM (
{{ query }}
);
