-- Per content, its rows set aside that a rebuild now would count and the nights do not: set aside
-- only because a date lay after the day they were judged (by rules that read today: `$rules`, as
-- 'source/rule'), whose every such date has passed by `$today`, or by a rule whose verdict a rebuild
-- decides otherwise (`$decided`: a case version delivered after a later one behind it was counted),
-- or a case version set aside for going back from a version that no longer counts.
-- A file is judged once, on the night it is read, and a rebuild judges it again on its own day,
-- with every file at once (pipeline/lib/ops/attention.py says so). A value the quarantine did not
-- keep is not known to have passed: its row is not counted here.
SELECT source, sha256, count(*) AS rows_due
FROM (
    SELECT source, sha256, row_number
    FROM audit.quarantine
    GROUP BY source, sha256, row_number
    HAVING bool_and(list_contains($decided, source || '/' || rule)
                    OR coalesce(list_contains($rules, source || '/' || rule)
                                AND try_cast(offending_value AS TIMESTAMP)::DATE <= $today, false)
                    OR (source = 'case_outcomes' AND rule = 'status_moves_forward' AND (sha256, row_number) IN (
                        SELECT (sha256, row_number) FROM audit.case_versions_set_aside WHERE NOT behind)))
)
GROUP BY source, sha256
