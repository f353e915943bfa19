-- A case version is judged, as its file comes, against the case's versions counted then
-- (validation/case_outcomes.sql). Bytes a path held before come back with no new validation (a
-- file put back as it was after a correction) and count again at once, beside versions counted
-- since: a version may now count behind an earlier version that went further, which a rebuild,
-- judging every file at once, sets aside. The contents that came back in this recount (`changed`,
-- core/recount.sql) holding either version of such a pair are held until a rebuild decides, as the
-- validation sets aside a version delivered after a later one behind it. `overlapped` lists them,
-- with the manifest's reason (the rule a rebuild decides, `refused`; the first three rows); the
-- caller recounts without them and moves their rows back to staging (staging/hold_loaded_rows.sql).
-- Statuses come from a closed list and times may be shown; a case's key is never shown.
CREATE OR REPLACE TEMP TABLE overlapped AS
WITH histories AS (
    SELECT h._file_sha256, h._row_number, h.updated_at, h.status,
           arg_max(h.status, case_progress(h.status)) OVER earlier AS furthest_status,
           arg_max(h._file_sha256, case_progress(h.status)) OVER earlier AS furthest_sha256,
           arg_max(h._row_number, case_progress(h.status)) OVER earlier AS furthest_row_number
    FROM core.case_history AS h
    WHERE h.case_id IN (SELECT case_id FROM affected)
    WINDOW earlier AS (PARTITION BY h.case_id ORDER BY h.updated_at, h.status
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
behind AS (
    SELECT * FROM histories WHERE case_progress(status) < case_progress(furthest_status)
),
involved AS (
    SELECT _file_sha256, _row_number, updated_at, status, furthest_status FROM behind
    UNION ALL
    SELECT furthest_sha256, furthest_row_number, updated_at, status, furthest_status FROM behind
)
SELECT i._file_sha256,
       'held: ' || {{ refused | literal }} || ' ('
       || array_to_string(list(
              'row ' || i._row_number || ': a version of ' || strftime(i.updated_at, '%Y-%m-%d %H:%M:%S')
              || ' counts as ''' || i.status || ''' after one that was ''' || i.furthest_status
              || ''': these bytes came back after the other was counted, and a rebuild sets the later aside'
              ORDER BY i._row_number)[1:3], '; ')
       || ')' AS reason
FROM involved AS i
SEMI JOIN changed USING (_file_sha256)
GROUP BY i._file_sha256;

UPDATE audit.file_manifest AS m SET status = 'held', error = o.reason
FROM overlapped AS o
WHERE m.source = 'case_outcomes' AND m.sha256 = o._file_sha256 AND m.status = 'loaded';
