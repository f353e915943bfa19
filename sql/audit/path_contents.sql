-- The content each landing path held when it was last seen.
SELECT path, sha256 FROM audit.landing_sightings WHERE source = $source
QUALIFY row_number() OVER (PARTITION BY path ORDER BY seen_order DESC) = 1;
