-- Done reading the warehouse being replaced (attached read-only by the queries that compare with it:
-- audit/previous_acknowledgements.sql, audit/previous_releases.sql, audit/dropped_by_rebuild.sql).
DETACH DATABASE IF EXISTS previous_warehouse;
