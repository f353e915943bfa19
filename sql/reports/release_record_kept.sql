-- Whether the warehouse keeps the release record's held periods yet (the privacy stage creates it).
SELECT count(*) AS kept FROM duckdb_tables() WHERE schema_name = 'public_release' AND table_name = 'held_back';
