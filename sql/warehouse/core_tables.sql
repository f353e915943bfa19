-- The tables of the core schema (a source's table exists once it has been staged).
SELECT table_name FROM duckdb_tables() WHERE schema_name = 'core'
