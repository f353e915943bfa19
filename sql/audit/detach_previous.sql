-- Done reading the warehouse being replaced (attached by audit/previous_acknowledgements.sql, if it could be).
DETACH DATABASE IF EXISTS previous_warehouse;
