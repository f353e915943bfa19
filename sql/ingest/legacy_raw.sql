-- A warehouse made before the delivered file became the raw layer keeps a `raw.<source>` table of
-- delivered text: its held deliveries' rows, which `hrp release` used to stage again from there.
SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'raw' AND table_name = {{ source | literal }};
