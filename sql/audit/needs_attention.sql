-- Deliveries an operator has to deal with: the latest version of a file that could not be read or
-- was held back whole, until it is delivered again, released or acknowledged. A loaded delivery
-- with rows set aside, or with total rows that disagree with their rows (audit.total_checks), is
-- listed too (flagged `attention = false`): it needs a look, not an action.
-- A file still being written is listed until a run finds it complete (and reads it).
-- A file gone from landing/ whose rows still count is listed until it is back (or its content is
-- under another name): a rebuild would drop its rows.
-- A landing path holding a content with rows set aside for a date that has passed since
-- (audit/dates_passed.sql) needs attention whichever run read it, until a rebuild counts them: the
-- nights would not. Listed by the paths that hold it now (its original name, a copy, a name it was
-- moved to, or a name put back to bytes read before), not by the latest version read under a name;
-- not for a path gone from landing/, whose rows a rebuild would drop instead.
-- A path put back to bytes read before, or holding a copy of them (no version is recorded for known
-- bytes), whose content is held (by a recount since: core/after_recount/) is listed as that content,
-- held, whatever its latest version said.
{% from "audit/latest_sightings.sql" import latest_sightings %}
WITH now_held AS (
    {{ latest_sightings("source, path, sha256") }}
),
due AS (
    SELECT h.source, h.path, h.sha256, d.rows_due
    FROM now_held AS h
    JOIN ({% include "audit/dates_passed.sql" %}) AS d USING (source, sha256)
    WHERE NOT EXISTS (SELECT 1 FROM audit.landing_gone AS g WHERE g.source = h.source AND g.path = h.path)
),
latest AS (
    SELECT m.*,
           row_number() OVER (PARTITION BY m.source, m.path ORDER BY m.version DESC, m.delivery_id DESC) AS recency,
           (SELECT count(*) FROM audit.total_checks AS t WHERE t.source = m.source AND t.sha256 = m.sha256)
               AS totals_disagreeing
    FROM audit.file_manifest AS m
),
content AS (  -- what the manifest last said of each content, whichever name read it
    SELECT source, sha256, arg_max(m, delivery_id) AS m FROM latest AS m GROUP BY source, sha256
),
returned_held AS (  -- bytes read before under this name or another, held since
    SELECT h.source, h.path, h.sha256
    FROM now_held AS h
    JOIN content AS c ON c.source = h.source AND c.sha256 = h.sha256 AND c.m.status = 'held'
    LEFT JOIN latest AS l ON l.source = h.source AND l.path = h.path AND l.recency = 1
    WHERE l.sha256 IS DISTINCT FROM h.sha256
)
SELECT source, path, version, sha256, status, coalesce(error, '') AS error,
       coalesce(rows_read, 0) AS rows_read, coalesce(rows_quarantined, 0) AS rows_quarantined,
       run_id, validated_run_id, status IN ('failed', 'held') AS attention, totals_disagreeing, 0 AS rows_due
FROM latest
WHERE recency = 1
  AND NOT EXISTS (  -- listed below
      SELECT 1 FROM due AS d WHERE d.source = latest.source AND d.path = latest.path AND d.sha256 = latest.sha256
  )
  AND NOT EXISTS (SELECT 1 FROM returned_held AS r WHERE r.source = latest.source AND r.path = latest.path)
  AND (status IN ('failed', 'held')
       OR (status = 'loaded' AND (coalesce(rows_quarantined, 0) > 0 OR totals_disagreeing > 0)
           AND ($run_id IS NULL OR run_id = $run_id OR validated_run_id = $run_id)))
UNION ALL
SELECT due.source, due.path, c.m.version, due.sha256, 'loaded', '', coalesce(c.m.rows_read, 0),
       coalesce(c.m.rows_quarantined, 0), c.m.run_id, c.m.validated_run_id, true, c.m.totals_disagreeing, due.rows_due
FROM due JOIN content AS c USING (source, sha256)
UNION ALL
SELECT r.source, r.path, c.m.version, r.sha256, 'held', coalesce(c.m.error, ''), coalesce(c.m.rows_read, 0),
       coalesce(c.m.rows_quarantined, 0), c.m.run_id, c.m.validated_run_id, true, c.m.totals_disagreeing, 0
FROM returned_held AS r JOIN content AS c USING (source, sha256)
UNION ALL
SELECT source, path, 0, '', 'being written', reason, 0, 0, run_id, NULL, true, 0, 0
FROM audit.landing_unsettled
UNION ALL
SELECT source, path, 0, sha256, 'gone', '', 0, 0, run_id, NULL, true, 0, 0
FROM audit.landing_gone
ORDER BY source, path;
