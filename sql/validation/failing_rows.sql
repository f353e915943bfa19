-- The keys of the rows that broke the suite's failed row and blocking expectations, one table for all.
CREATE OR REPLACE TEMP TABLE failing_rows (rule VARCHAR, _file_sha256 VARCHAR, _row_number BIGINT);
