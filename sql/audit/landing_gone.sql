-- The source's paths gone from landing/ whose rows still count (audit/record_gone.sql), by name,
-- with the content they held.
SELECT path, sha256 FROM audit.landing_gone WHERE source = $source ORDER BY path;
