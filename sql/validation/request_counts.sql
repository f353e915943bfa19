-- The staged batch as Great Expectations sees it, with the outcome total and whether a row's
-- period overlaps a different period for the same country, type and requester. Of two deliveries
-- that overlap, the later by position (audit/held_now.sql, the merge's order) is held, whatever
-- order they arrived in, so that a night decides as a rebuild reading both at once does: a row is
-- held when it overlaps a row of the same delivery, or of one sorting before it, counted or waiting
-- in staging (in this chunk or a later one, or held: a rebuild holds the later of two deliveries
-- even when the earlier one is held or acknowledged), or set aside by a row rule (as a rebuild
-- validating both in one chunk sees it, in staging still: chunks do not change a verdict). Rows of a content no
-- landing path holds now (a version replaced under its name, not yet recounted out of core) are
-- not there. A counted delivery sorting after it, which a rebuild would hold, a night cannot take
-- back: that is said apart (`_counted_after_path`, the first such file), and holds this one too
-- until a rebuild decides. An identical period is a correction, not an overlap.
-- Outcome totals are NULL unless every part is reported (a blank is "not reported", not 0), and a
-- period is either a fiscal half-year or a whole fiscal year (of the configured calendar).
{% from "validation/overlap.sql" import periods_overlap %}
WITH positions AS ({% set source = 'request_counts' %}{% include "audit/held_now.sql" %}),
batch AS (
    SELECT s.*, m.delivery_id AS _delivery_id
    FROM staging.request_counts AS s
    SEMI JOIN chunk_deliveries USING (_file_sha256)
    JOIN audit.file_manifest AS m ON m.source = 'request_counts' AND m.sha256 = s._file_sha256
),
others AS (  -- every row waiting in staging (this chunk, the next ones, held), set aside, or counted
    SELECT s.period_start, s.period_end, s.country, s.request_type, s.requester_type, s._file_sha256, false AS counted
    FROM staging.request_counts AS s
    SEMI JOIN batch USING (country, request_type, requester_type)
    UNION ALL  -- set aside by a row rule (of a counted delivery: below too)
    SELECT a.period_start, a.period_end, a.country, a.request_type, a.requester_type, a._file_sha256, false
    FROM audit.set_aside_request_counts AS a
    SEMI JOIN batch USING (country, request_type, requester_type)
    WHERE a.kind = 'set aside'
    UNION ALL  -- of a counted delivery, set aside by a row rule or not
    SELECT c.period_start, c.period_end, c.country, c.request_type, c.requester_type, c._file_sha256, true
    FROM ({% include "validation/request_rows_counted.sql" %}) AS c
    SEMI JOIN batch USING (country, request_type, requester_type)
    UNION ALL  -- loaded before, of a delivery validated again for rows staged again (a country answered
               -- since: staging/restage_resolved.sql), out of core until it is counted again
    SELECT c.period_start, c.period_end, c.country, c.request_type, c.requester_type, c._file_sha256, true
    FROM candidates.request_counts AS c
    SEMI JOIN batch USING (_file_sha256)
),
overlapping AS (
    SELECT b._file_sha256, b._row_number,
           bool_or(po.position <= pb.position) AS _overlaps_other_period,
           'request_counts/' || min(po.position[2]) FILTER (WHERE o.counted AND po.position > pb.position)
               AS _counted_after_path
    FROM batch AS b
    JOIN positions AS pb ON pb.sha256 = b._file_sha256
    JOIN others AS o ON {{ periods_overlap("o", "b") }}
    JOIN positions AS po ON po.sha256 = o._file_sha256
    GROUP BY ALL
)
SELECT b.*,
       b.complied_fully + b.complied_partly + b.refused + b.pending AS _outcome_total,
       b.complied_fully + b.complied_partly AS _complied_from_split,
       coalesce(v._overlaps_other_period, false) AS _overlaps_other_period,
       v._counted_after_path,
       coalesce(
           b.period_end < b.period_start  -- a reversed period is period_in_order's to report
           OR (is_fiscal_half_start(b.period_start)
            AND b.period_end = CAST(b.period_start + INTERVAL 6 MONTH - INTERVAL 1 DAY AS DATE))
           OR (is_fiscal_year_start(b.period_start)
            AND b.period_end = CAST(b.period_start + INTERVAL 12 MONTH - INTERVAL 1 DAY AS DATE)),
           false) AS _is_half_or_fiscal_year
FROM batch AS b
LEFT JOIN overlapping AS v USING (_file_sha256, _row_number);
