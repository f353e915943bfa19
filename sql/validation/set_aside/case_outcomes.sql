-- The case versions this chunk sets aside for going back, with the version itself: judged again
-- whenever the case's counted versions change (core/judged_again/case_outcomes.sql), for a version
-- is behind only while what it went back from counts.
INSERT INTO audit.case_versions_set_aside
SELECT DISTINCT b._file_sha256, b._row_number, b.case_id, b.updated_at, b.status, true
FROM failing_details AS f
JOIN validation_batch AS b USING (_file_sha256, _row_number)
WHERE f.rule = 'status_moves_forward' AND f._file_sha256 NOT IN (SELECT _file_sha256 FROM held_deliveries);
