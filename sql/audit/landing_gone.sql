-- The source's paths gone from landing/ whose rows still count (audit/record_gone.sql), by name.
SELECT path FROM audit.landing_gone WHERE source = $source ORDER BY path;
