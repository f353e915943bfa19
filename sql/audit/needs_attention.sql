-- Deliveries an operator has to deal with: the latest version of a file that could not be read or
-- was held back whole, until it is delivered again, released or acknowledged. A loaded delivery
-- with rows set aside, or with total rows that disagree with their rows (audit.total_checks), is
-- listed too (flagged `attention = false`): it needs a look, not an action.
-- A file still being written is listed until a run finds it complete (and reads it).
-- A file gone from landing/ whose rows still count is listed until it is back (or its content is
-- under another name): a rebuild would drop its rows.
-- A loaded delivery with rows set aside for a date that has passed since (audit/dates_passed.sql)
-- needs attention whichever run loaded it, until a rebuild counts them: the nights would not.
WITH due AS (
    {% include "audit/dates_passed.sql" %}
),
latest AS (
    SELECT m.*,
           row_number() OVER (PARTITION BY m.source, m.path ORDER BY m.version DESC, m.delivery_id DESC) AS recency,
           (SELECT count(*) FROM audit.total_checks AS t WHERE t.source = m.source AND t.sha256 = m.sha256)
               AS totals_disagreeing
    FROM audit.file_manifest AS m
)
SELECT source, path, version, sha256, status, coalesce(error, '') AS error,
       coalesce(rows_read, 0) AS rows_read, coalesce(rows_quarantined, 0) AS rows_quarantined,
       run_id, validated_run_id, status IN ('failed', 'held') OR rows_due > 0 AS attention, totals_disagreeing,
       rows_due
FROM (SELECT latest.*, CASE WHEN status = 'loaded' THEN coalesce(due.rows_due, 0) ELSE 0 END AS rows_due
      FROM latest LEFT JOIN due USING (source, sha256))
WHERE recency = 1
  AND (status IN ('failed', 'held') OR rows_due > 0
       OR (status = 'loaded' AND (coalesce(rows_quarantined, 0) > 0 OR totals_disagreeing > 0)
           AND ($run_id IS NULL OR run_id = $run_id OR validated_run_id = $run_id)))
UNION ALL
SELECT source, path, 0, '', 'being written', reason, 0, 0, run_id, NULL, true, 0, 0
FROM audit.landing_unsettled
UNION ALL
SELECT source, path, 0, sha256, 'gone', '', 0, 0, run_id, NULL, true, 0, 0
FROM audit.landing_gone
ORDER BY source, path;
