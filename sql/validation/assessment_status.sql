-- The staged batch as Great Expectations sees it.
SELECT s.* FROM staging.assessment_status AS s SEMI JOIN chunk_deliveries USING (_file_sha256);
