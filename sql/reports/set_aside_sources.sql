-- The tallies whose rows set aside are kept (audit.set_aside_<source>, made when the source is staged).
SELECT substr(table_name, length('set_aside_') + 1) AS source
FROM duckdb_tables()
WHERE schema_name = 'audit' AND starts_with(table_name, 'set_aside_')
ORDER BY 1;
