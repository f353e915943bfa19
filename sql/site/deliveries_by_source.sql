-- The deliveries each source's numbers were computed from: counts and dates only (no file names,
-- which could carry personal data), for the public "How this number is made" sections.
SELECT source, count(*) AS files, coalesce(sum(rows_loaded), 0) AS rows_loaded,
       min(processed_at) AS first_processed, max(processed_at) AS last_processed
FROM audit.file_manifest
WHERE status IN ('loaded', 'released')
GROUP BY source
ORDER BY source;
