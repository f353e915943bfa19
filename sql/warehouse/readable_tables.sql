-- The tables whose loss would change a number or the audit trail: every core and audit table.
SELECT schema_name, table_name FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name IN ('core', 'audit', 'marts')
ORDER BY 1, 2;
