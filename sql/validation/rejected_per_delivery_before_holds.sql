-- How many rows of each delivery break a row-level expectation (to hold a delivery mostly rejected).
SELECT _file_sha256, count(DISTINCT _row_number) FROM failing_details WHERE level = 'row' GROUP BY _file_sha256;
