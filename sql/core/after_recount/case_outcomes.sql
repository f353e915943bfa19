-- A case version is judged, as its file comes, against the case's versions read then
-- (validation/case_outcomes.sql). Bytes a path held before come back with no new validation (a
-- file put back as it was after a correction, or a copy of it) and count again at once, beside
-- versions read since: a counted version may now be behind an earlier version that went further
-- (core/case_versions_read.sql: counted, waiting or set aside), which a rebuild, judging every file
-- at once, sets aside. The contents that came back in this recount (`changed`,
-- core/changes.sql) holding either version of such a pair are held until a rebuild decides, as the
-- validation sets aside a version delivered after a later one behind it. `overlapped` lists them,
-- with the manifest's reason (the rule a rebuild decides, `refused`; the first three rows); the
-- caller recounts without them and moves their rows back to staging (staging/hold_loaded_rows.sql).
-- Statuses come from a closed list and times may be shown; a case's key is never shown.
{% from "validation/show.sql" import show %}
CREATE OR REPLACE TEMP TABLE overlapped AS
WITH positions AS ({% include "audit/held_now.sql" %}),
read_now AS (  -- what a rebuild reads of these cases, but versions already set aside until a rebuild
    SELECT r.*
    FROM ({% include "core/case_versions_read.sql" %}) AS r
    WHERE r.case_id IN (  -- the cases whose versions read changed: counted, or set aside, in a changed file
        SELECT case_id FROM affected
        UNION ALL
        SELECT case_id FROM audit.case_versions_set_aside SEMI JOIN changed ON changed._file_sha256 = sha256
    )
      AND (r.sha256, r.row_number) NOT IN (  -- only for that: it needs attention already (a rebuild counts it)
          SELECT (sha256, row_number) FROM audit.quarantine WHERE source = 'case_outcomes'
          GROUP BY sha256, row_number HAVING bool_and(rule = {{ refused | literal }})
      )
),
histories AS (
    SELECT sha256 AS _file_sha256, row_number AS _row_number, updated_at, status,
           arg_max(status, case_progress(status)) OVER earlier AS furthest_status,
           arg_max(updated_at, case_progress(status)) OVER earlier AS furthest_updated_at,
           arg_max(sha256, case_progress(status)) OVER earlier AS furthest_sha256,
           arg_max(row_number, case_progress(status)) OVER earlier AS furthest_row_number
    FROM read_now
    WINDOW earlier AS (PARTITION BY case_id ORDER BY updated_at, status
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
behind AS (  -- counted, and behind a version read before it: a rebuild sets it aside
    SELECT h.* FROM histories AS h
    SEMI JOIN core.case_history AS c ON c._file_sha256 = h._file_sha256 AND c._row_number = h._row_number
    WHERE case_progress(h.status) < case_progress(h.furthest_status)
),
involved AS (  -- each version of a pair, in its file, as the one that went back or the one ahead of it
    SELECT _file_sha256, _row_number, furthest_sha256 AS other_sha256, true AS goes_back, updated_at, status,
           furthest_updated_at, furthest_status
    FROM behind
    UNION ALL
    SELECT furthest_sha256, furthest_row_number, _file_sha256, false, updated_at, status,
           furthest_updated_at, furthest_status
    FROM behind
)
SELECT b._file_sha256,
       'held: ' || {{ refused | literal }} || ' ('
       || array_to_string(list(
              'row ' || b._row_number || ': '
              || CASE WHEN b.goes_back
                      THEN 'its version of ' || strftime(b.updated_at, '%Y-%m-%d %H:%M:%S') || ' (''' || b.status
                           || ''') goes back from the version of '
                           || strftime(b.furthest_updated_at, '%Y-%m-%d %H:%M:%S') || ' (''' || b.furthest_status
                           || ''') in ' || {{ show("_other_path", "path") }} || ': a rebuild sets this version aside'
                      ELSE 'its version of ' || strftime(b.furthest_updated_at, '%Y-%m-%d %H:%M:%S') || ' ('''
                           || b.furthest_status || ''') is ahead of the later version of '
                           || strftime(b.updated_at, '%Y-%m-%d %H:%M:%S') || ' (''' || b.status
                           || ''') counted from ' || {{ show("_other_path", "path") }}
                           || ': a rebuild sets that version aside' END
              ORDER BY b._row_number)[1:3], '; ')
       || '; a night does not take back what it counted)' AS reason
FROM (
    SELECT i.*, 'case_outcomes/' || p.position[2] AS _other_path
    FROM involved AS i JOIN positions AS p ON p.sha256 = i.other_sha256
) AS b
SEMI JOIN changed USING (_file_sha256)
GROUP BY b._file_sha256;

UPDATE audit.file_manifest AS m SET status = 'held', error = o.reason
FROM overlapped AS o
WHERE m.source = 'case_outcomes' AND m.sha256 = o._file_sha256 AND m.status = 'loaded';
