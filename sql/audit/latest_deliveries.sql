-- When each source last delivered a file that was read (loaded, held or released), and its status.
SELECT source, max(discovered_at) AS last_delivery_at,
       count(*) FILTER (WHERE status = 'held') AS held,
       count(*) FILTER (WHERE status = 'failed') AS failed
FROM audit.file_manifest
GROUP BY source;
