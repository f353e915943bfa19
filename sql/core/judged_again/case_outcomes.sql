-- A case version set aside for going back is behind only while a version before it that went
-- further counts. Whenever a recount changes a case's counted versions (`affected`, core/recount.sql),
-- its set-aside versions are judged again against them: one no longer behind (what it went back from
-- was corrected or withdrawn), a rebuild would count; the nights do not, having judged its file once,
-- so it needs attention until a rebuild (audit/dates_passed.sql). Judged back, it is behind again.
UPDATE audit.case_versions_set_aside AS v
SET behind = EXISTS (
    SELECT 1 FROM core.case_history AS h
    WHERE h.case_id = v.case_id AND (h.updated_at, h.status) < (v.updated_at, v.status)
      AND case_progress(h.status) > case_progress(v.status)
)
WHERE v.case_id IN (SELECT case_id FROM affected);
