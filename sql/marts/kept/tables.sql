-- The tables of kept observations the warehouse holds (marts.kept__<metric>).
SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts' AND starts_with(table_name, 'kept__') ORDER BY 1;
