-- Of two request-count files whose periods overlap, the later by name is held
-- (validation/request_counts.sql). A night judges a file once, the night it comes; but bytes a path
-- held before come back with no new validation (a file put back as it was, or copied under another
-- name) and count again at once, beside files counted since. A counted delivery with a row
-- overlapping a row of one sorting before it, counted, held, acknowledged or set aside, is held here
-- as its validation would have held it: the state one clean night over the same files has. `overlapped`
-- lists them, with the manifest's reason in the words of the rule (`overlap`; the first three
-- rows), as the validation holds a file; the caller recounts without them and moves their rows
-- back to staging (staging/hold_loaded_rows.sql).
-- First, a file set aside for that rule alone (held, or acknowledged since) that no row of a file
-- sorting before it overlaps any more (renamed to sort first, or what it overlapped corrected or
-- moved): a rebuild counts it, a night judged it once. It is held until a rebuild decides (the rule
-- `refused`; in that rule's words when it overlaps a counted file sorting after it, which a rebuild
-- holds instead: a night does not take back what it counted), and holds nothing back here.
-- Rule messages are rendered by `shown_rule(name, relation)` (pipeline.lib.ingest.judge.shown_rule).
{% from "validation/overlap.sql" import periods_overlap %}
{% from "validation/show.sql" import message, show %}
{% set rule = shown_rule(overlap, "core.request_counts") %}
{% set refusal = shown_rule(refused, "(SELECT *, NULL::VARCHAR AS _counted_after_path FROM core.request_counts)") %}
CREATE OR REPLACE TEMP TABLE judged_once AS
WITH positions AS ({% include "audit/held_now.sql" %}),
set_aside AS (  -- held, or acknowledged since, for the overlap alone (its message has no parentheses)
    SELECT sha256 AS _file_sha256 FROM audit.file_manifest WHERE source = 'request_counts'
    GROUP BY sha256
    HAVING arg_max(status, delivery_id) IN ('held', 'acknowledged')
       AND regexp_full_match(coalesce(arg_max(error, delivery_id), ''), {{ ('held: ' ~ overlap ~ ' \\([^()]*\\)') | literal }})
),
set_aside_rows AS (
    SELECT s.*, p.position FROM staging.request_counts AS s
    SEMI JOIN set_aside USING (_file_sha256)
    JOIN positions AS p ON p.sha256 = s._file_sha256
),
others AS (  -- counted, waiting, held, acknowledged or set aside
    SELECT period_start, period_end, country, request_type, requester_type, _file_sha256 FROM core.request_counts
    UNION ALL
    SELECT period_start, period_end, country, request_type, requester_type, _file_sha256 FROM staging.request_counts
    UNION ALL
    SELECT period_start, period_end, country, request_type, requester_type, _file_sha256
    FROM audit.set_aside_request_counts WHERE kind = 'set aside'
),
overlapping_before AS (  -- still held by its own position: a row overlapping one of a file sorting before it, or its own
    SELECT DISTINCT b._file_sha256
    FROM set_aside_rows AS b
    JOIN others AS o ON {{ periods_overlap("o", "b") }}
    JOIN positions AS po ON po.sha256 = o._file_sha256 AND po.position <= b.position
),
stale AS (
    SELECT * FROM set_aside_rows WHERE _file_sha256 NOT IN (SELECT _file_sha256 FROM overlapping_before)
),
counted_after AS (
    SELECT b._file_sha256, b._row_number, 'request_counts/' || min(pc.position[2]) AS _counted_after_path
    FROM stale AS b
    JOIN ({% include "validation/request_rows_counted.sql" %}) AS c ON {{ periods_overlap("c", "b") }}
    JOIN positions AS pc ON pc.sha256 = c._file_sha256 AND pc.position > b.position
    GROUP BY ALL
),
shown AS (  -- the rows overlapping a counted file sorting after it; if none, every row
    SELECT s.*, a._counted_after_path,
           bool_or(a._counted_after_path IS NOT NULL) OVER (PARTITION BY s._file_sha256) AS counted_after
    FROM stale AS s LEFT JOIN counted_after AS a USING (_file_sha256, _row_number)
)
SELECT b._file_sha256,
       'held: ' || {{ refused | literal }} || ' ('
       || array_to_string(list('row ' || b._row_number || ': ' || CASE
              WHEN b.counted_after THEN {{ message(refusal) }}
              ELSE 'period ' || {{ show("period_start", "date") }} || '..' || {{ show("period_end", "date") }}
                   || ' overlaps no period of a file sorting before it any more: it was held for '
                   || {{ overlap | literal }} || ', and what it overlapped has changed or moved since. A night '
                   || 'judges a file once; `hrp rebuild` judges it with the files as they are, and counts it'
              END ORDER BY b._row_number)[1:3], '; ')
       || ')' AS reason
FROM shown AS b
WHERE b.counted_after = (b._counted_after_path IS NOT NULL)
GROUP BY b._file_sha256;

UPDATE audit.file_manifest AS m SET status = 'held', error = f.reason
FROM judged_once AS f
WHERE m.source = 'request_counts' AND m.sha256 = f._file_sha256 AND m.status IN ('held', 'acknowledged');

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
    UNION ALL  -- rows set aside by a row rule hold a later file back too (validation/request_counts.sql)
    SELECT period_start, period_end, country, request_type, requester_type, _file_sha256
    FROM audit.set_aside_request_counts WHERE kind = 'set aside'
),
breaking AS (  -- a counted delivery's row, set aside by a row rule or not, overlapping an earlier one
    SELECT DISTINCT c.*
    FROM ({% include "validation/request_rows_counted.sql" %}) AS c
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
