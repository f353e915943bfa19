-- Every table of the warehouse: damage anywhere (candidates, staging, releases, reference
-- tables included) stops a later night, so the health check reads them all to the end.
SELECT schema_name, table_name FROM duckdb_tables()
WHERE database_name = current_database() AND NOT temporary
ORDER BY 1, 2;
