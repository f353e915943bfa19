-- The case versions this chunk sets aside for a row rule, with the version itself: a clean rebuild
-- reads them with the rest, and a version going back from one of them is set aside all the same
-- (core/case_versions_read.sql). One set aside for going back is judged again whenever the versions
-- read change (core/judged_again/case_outcomes.sql), for it is behind only while what it went back
-- from is read. A version without its key, time or status is no version to judge against.
INSERT INTO audit.case_versions_set_aside
SELECT DISTINCT b._file_sha256, b._row_number, b.case_id, b.updated_at, b.status, true
FROM failing_details AS f
JOIN validation_batch AS b USING (_file_sha256, _row_number)
WHERE f.level = 'row' AND f._file_sha256 NOT IN (SELECT _file_sha256 FROM held_deliveries)
  AND b.case_id IS NOT NULL AND b.updated_at IS NOT NULL AND b.status IS NOT NULL;
