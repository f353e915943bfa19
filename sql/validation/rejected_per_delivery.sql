-- How many rows of each delivery of the chunk were quarantined by a row-level expectation.
SELECT _file_sha256, count(*) FROM rejected_rows GROUP BY _file_sha256;
