-- A case version set aside for going back is behind only while a version before it that went
-- further is read (core/case_versions_read.sql: counted, waiting, held or set aside, of a file some
-- landing path holds now). At every recount, every version set aside is judged again against them:
-- one no longer behind (what it went back from was corrected or withdrawn), a rebuild would count;
-- the nights do not, having judged its file once, so it needs attention until a rebuild
-- (audit/dates_passed.sql). Judged back, it is behind again.
WITH positions AS ({% set source = 'case_outcomes' %}{% include "audit/held_now.sql" %})
UPDATE audit.case_versions_set_aside AS v
SET behind = EXISTS (
    SELECT 1 FROM ({% include "core/case_versions_read.sql" %}) AS r
    WHERE r.case_id = v.case_id AND (r.updated_at, r.status) < (v.updated_at, v.status)
      AND case_progress(r.status) > case_progress(v.status)
);
