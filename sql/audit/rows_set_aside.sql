-- The rows set aside (quarantined), each naming its file, row, column, rule and run; optionally only
-- one file (its landing path, or SOURCE/PATH as `hrp status` names it: the rows read under that name,
-- and those of the bytes it holds now, read under another name when it is a copy or was moved), one
-- rule, or one run (an id or its first characters). The message and the offending value are not
-- read: what `hrp rows`, the validation page and the board list must never quote what was delivered.
{% from "audit/latest_sightings.sql" import latest_sightings %}
SELECT source, path AS file, sha256, row_number AS "row", column_name AS "column", rule, run_id AS run,
       quarantined_at AS "when"
FROM audit.quarantine AS q
WHERE ($file IS NULL OR path = $file OR source || '/' || path = $file
       OR EXISTS (SELECT 1 FROM ({{ latest_sightings("source, path, sha256") }}) AS h
                  WHERE h.source = q.source AND h.sha256 = q.sha256
                    AND (h.path = $file OR h.source || '/' || h.path = $file)))
  AND ($rule IS NULL OR rule = $rule)
  AND ($run IS NULL OR starts_with(run_id, $run))
ORDER BY source, path, sha256, row_number, rule, column_name;
