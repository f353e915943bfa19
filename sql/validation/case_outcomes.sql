-- The staged batch as Great Expectations sees it, with the status each version must not fall below:
-- the furthest status of the case's earlier versions, whichever file they came in and whatever became
-- of them (core/case_versions_read.sql: as a rebuild reads them), and the transition between them as one
-- value ("open → closed"), so that Great Expectations checks it with a vectorised set membership
-- (its pandas column-pair check walks the rows one by one: 44 s per 300k). The furthest, not the one
-- just before: a version set aside for going back does not lower the bar for the next, so the
-- verdicts do not depend on which versions came together. A counted version after this one whose
-- status is behind this one's, a rebuild would set aside (going back from this one); a night does
-- not take back what it counted: that is said apart (`_counted_later_path`, the file of the first
-- such one), and sets this version aside until a rebuild decides. A counted version of the same
-- time is later when its file sorts after this one's: of the two, it holds the case's key, and a
-- rebuild sets it aside all the same (at one time, the status that went further sorts first).
WITH positions AS ({% set source = 'case_outcomes' %}{% include "audit/held_now.sql" %}),
batch AS (
    SELECT s.* FROM staging.case_outcomes AS s SEMI JOIN chunk_deliveries USING (_file_sha256)
),
waiting AS (  -- every version waiting in staging (this chunk, the later ones, held or acknowledged: a
              -- rebuild reads them with the rest) of a content some landing path holds now
    SELECT s.case_id, s.updated_at, s.status, p.position
    FROM staging.case_outcomes AS s
    JOIN positions AS p ON p.sha256 = s._file_sha256
    SEMI JOIN batch USING (case_id)
),
versions AS (  -- every version a rebuild reads of these cases, whatever became of it
    SELECT DISTINCT r.case_id, r.updated_at, r.status
    FROM ({% include "core/case_versions_read.sql" %}) AS r
    SEMI JOIN batch USING (case_id)
),
ordered AS (
    SELECT case_id, updated_at, status,
           arg_max(status, case_progress(status)) OVER (
               PARTITION BY case_id ORDER BY updated_at, status ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
           ) AS previous_status
    FROM versions
),
counted_later AS (
    SELECT b.case_id, b.updated_at, b.status, b._file_sha256, min(ph.position[2]) AS path
    FROM (SELECT DISTINCT case_id, updated_at, status, _file_sha256 FROM batch) AS b
    JOIN positions AS pb ON pb.sha256 = b._file_sha256
    JOIN core.case_history AS h ON h.case_id = b.case_id AND case_progress(h.status) < case_progress(b.status)
    JOIN positions AS ph ON ph.sha256 = h._file_sha256
    WHERE (h.updated_at > b.updated_at OR (h.updated_at = b.updated_at AND ph.position > pb.position))
      AND NOT EXISTS (  -- corrected tonight by a file sorting after it: the correction is judged in its place
          SELECT 1 FROM waiting AS w
          WHERE w.case_id = h.case_id AND w.updated_at = h.updated_at AND w.position > ph.position
      )
    GROUP BY ALL
)
SELECT b.*, CAST(b.updated_at AS DATE) AS _updated_on, o.previous_status AS _previous_status,
       o.previous_status || ' → ' || b.status AS _status_transition,
       'case_outcomes/' || c.path AS _counted_later_path
FROM batch AS b
LEFT JOIN ordered AS o ON o.case_id = b.case_id AND o.updated_at = b.updated_at AND o.status = b.status
LEFT JOIN counted_later AS c
  ON c.case_id = b.case_id AND c.updated_at = b.updated_at AND c.status = b.status AND c._file_sha256 = b._file_sha256;
