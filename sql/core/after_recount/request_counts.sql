-- Of two request-count files whose periods overlap, the later by name is held
-- (validation/request_counts.sql). A night judges a file once, the night it comes; but bytes a path
-- held before come back with no new validation (a file put back as it was, or copied under another
-- name) and count again at once, beside files counted since. A counted delivery with a row
-- overlapping a row of one sorting before it, counted, held or acknowledged, is held here as its
-- validation would have held it: the state one clean night over the same files has. `overlapped`
-- lists them, with the manifest's reason in the words of the rule (`rule`, rendered by
-- `shown_rule()`: pipeline.lib.ingest.judge.shown_rule; the first three rows), as the validation
-- holds a file; the caller recounts without them and moves their rows back to staging
-- (staging/hold_loaded_rows.sql).
{% from "validation/overlap.sql" import periods_overlap %}
{% from "validation/show.sql" import message %}
{% set rule = shown_rule() %}
CREATE OR REPLACE TEMP TABLE overlapped AS
WITH positions AS ({% include "audit/held_now.sql" %}),
set_aside AS (  -- waiting in staging, never counted: held, or acknowledged (staging/forget_settled.sql);
                -- not one held only until a rebuild takes back the counted file it overlaps
    SELECT sha256 AS _file_sha256 FROM audit.file_manifest WHERE source = 'request_counts'
    GROUP BY sha256
    HAVING arg_max(status, delivery_id) IN ('held', 'acknowledged')
       AND NOT contains(coalesce(arg_max(error, delivery_id), ''), {{ refused | literal }})
),
earlier AS (
    SELECT period_start, period_end, country, request_type, requester_type, _file_sha256 FROM core.request_counts
    UNION ALL
    SELECT period_start, period_end, country, request_type, requester_type, _file_sha256
    FROM staging.request_counts SEMI JOIN set_aside USING (_file_sha256)
),
breaking AS (
    SELECT DISTINCT c.*
    FROM core.request_counts AS c
    JOIN positions AS pc ON pc.sha256 = c._file_sha256
    JOIN earlier AS o ON {{ periods_overlap("o", "c") }}
    JOIN positions AS po ON po.sha256 = o._file_sha256 AND po.position < pc.position
)
SELECT b._file_sha256,
       'held: ' || {{ rule.name | literal }} || ' ('
       || array_to_string(list('row ' || b._row_number || ': ' || {{ message(rule) }} ORDER BY b._row_number)[1:3], '; ')
       || ')' AS reason
FROM breaking AS b
GROUP BY b._file_sha256;

UPDATE audit.file_manifest AS m SET status = 'held', error = o.reason
FROM overlapped AS o
WHERE m.source = 'request_counts' AND m.sha256 = o._file_sha256 AND m.status = 'loaded';
