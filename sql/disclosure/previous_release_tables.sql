-- Attach a warehouse being replaced (hrp rebuild, hrp rekey) and list the release tables it holds
-- (one made before public_release.held_back existed has none to carry); carry_release_record.sql
-- then carries them and detaches it.
ATTACH {{ previous | literal }} AS previous_warehouse (READ_ONLY);
SELECT table_name FROM duckdb_tables()
WHERE database_name = 'previous_warehouse' AND schema_name = 'public_release'
ORDER BY table_name;
