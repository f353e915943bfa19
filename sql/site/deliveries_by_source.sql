-- The deliveries each source's numbers were computed from: how many and when (no file names, which
-- could carry personal data, and no row counts), for the public "How this number is made" sections.
SELECT source, count(*) AS files,
       min(processed_at) AS first_processed, max(processed_at) AS last_processed
FROM audit.file_manifest
WHERE status IN ('loaded', 'released')
GROUP BY source
ORDER BY source;
