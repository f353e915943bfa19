-- The top-level columns of a Parquet delivery, with their types: files are read in one scan only
-- when both agree (read_parquet casts every file of a scan to the first file's types: a DOUBLE 5.5
-- read beside a file whose column is an integer became 6).
SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet({{ path | file_literal }}));
