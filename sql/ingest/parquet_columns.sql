-- The top-level column names of a Parquet delivery.
SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet({{ path | file_literal }}));
