-- Of two request-count files whose periods overlap, the later by name is held
-- (validation/request_counts.sql). A night judges a file once, the night it comes; but bytes a path
-- held before come back with no new validation (a file put back as it was, or copied under another
-- name) and count again at once, beside files counted since. A counted delivery with a row
-- overlapping a row of one sorting before it, counted, held or acknowledged, is held here as its
-- validation would have held it: the state one clean night over the same files has. `overlapped`
-- lists them, with the manifest's reason in the words of the rule (`overlap`; the first three
-- rows), as the validation holds a file; the caller recounts without them and moves their rows
-- back to staging (staging/hold_loaded_rows.sql).
-- First, a file set aside for that rule alone (held, or acknowledged since) that now sorts before
-- every file it overlaps (renamed), one of them counted: a rebuild counts it and holds the counted
-- one, and a night does not take back what it counted. It is held until a rebuild decides (the
-- rule `refused`), as a file delivered before a counted one it overlaps is held by its validation,
-- and no longer holds back the counted one here.
-- Rule messages are rendered by `shown_rule(name, relation)` (pipeline.lib.ingest.judge.shown_rule).
{% from "validation/overlap.sql" import periods_overlap %}
{% from "validation/show.sql" import message %}
{% set rule = shown_rule(overlap, "core.request_counts") %}
{% set refusal = shown_rule(refused, "(SELECT *, NULL::VARCHAR AS _counted_after_path FROM core.request_counts)") %}
CREATE OR REPLACE TEMP TABLE sorts_first_now AS
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
others AS (
    SELECT period_start, period_end, country, request_type, requester_type, _file_sha256 FROM core.request_counts
    UNION ALL
    SELECT period_start, period_end, country, request_type, requester_type, _file_sha256 FROM staging.request_counts
),
overlapping_before AS (  -- still held by its own position: a row overlapping one of a file sorting before it, or its own
    SELECT DISTINCT b._file_sha256
    FROM set_aside_rows AS b
    JOIN others AS o ON {{ periods_overlap("o", "b") }}
    JOIN positions AS po ON po.sha256 = o._file_sha256 AND po.position <= b.position
),
counted_after AS (
    SELECT b.*, 'request_counts/' || min(pc.position[2]) AS _counted_after_path
    FROM set_aside_rows AS b
    JOIN core.request_counts AS c ON {{ periods_overlap("c", "b") }}
    JOIN positions AS pc ON pc.sha256 = c._file_sha256 AND pc.position > b.position
    WHERE b._file_sha256 NOT IN (SELECT _file_sha256 FROM overlapping_before)
    GROUP BY ALL
)
SELECT b._file_sha256,
       'held: ' || {{ refused | literal }} || ' ('
       || array_to_string(list('row ' || b._row_number || ': ' || {{ message(refusal) }} ORDER BY b._row_number)[1:3], '; ')
       || ')' AS reason
FROM counted_after AS b
GROUP BY b._file_sha256;

UPDATE audit.file_manifest AS m SET status = 'held', error = f.reason
FROM sorts_first_now AS f
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
