-- Each landing path's latest sighting, with the size and modification time it had then, so that an
-- untouched file is not even re-read.
SELECT path, size_bytes, modified_ns FROM audit.landing_sightings WHERE source = $source
QUALIFY row_number() OVER (PARTITION BY path ORDER BY seen_order DESC) = 1;
