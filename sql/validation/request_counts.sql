-- The staged batch as Great Expectations sees it, with the outcome total and whether a row's
-- period overlaps a different period for the same country, type and requester: in what is already
-- loaded, in the same delivery, or in an earlier delivery of this batch (so that of two
-- deliveries that disagree, the later one is held). An identical period is a correction, not an overlap.
-- Outcome totals are NULL unless every part is reported (a blank is "not reported", not 0), and a
-- period is either a fiscal half-year or a whole fiscal year (of the configured calendar).
WITH batch AS (
    SELECT s.*, m.delivery_id AS _delivery_id
    FROM staging.request_counts AS s
    SEMI JOIN chunk_deliveries USING (_file_sha256)
    JOIN audit.file_manifest AS m ON m.source = 'request_counts' AND m.sha256 = s._file_sha256
),
others AS (
    SELECT period_start, period_end, country, request_type, requester_type, _delivery_id, false AS loaded
    FROM batch
    UNION ALL
    SELECT c.period_start, c.period_end, c.country, c.request_type, c.requester_type, c._delivery_id, true
    FROM core.request_counts AS c
    SEMI JOIN batch USING (country, request_type, requester_type)
)
SELECT b.*,
       b.complied_fully + b.complied_partly + b.refused + b.pending AS _outcome_total,
       b.complied_fully + b.complied_partly AS _complied_from_split,
       EXISTS (
           SELECT 1 FROM others AS o
           WHERE o.country = b.country AND o.request_type = b.request_type AND o.requester_type = b.requester_type
             AND (o.loaded OR o._delivery_id <= b._delivery_id)
             AND o.period_start <= b.period_end AND b.period_start <= o.period_end
             AND NOT (o.period_start = b.period_start AND o.period_end = b.period_end)
       ) AS _overlaps_other_period,
       coalesce(
           b.period_end < b.period_start  -- a reversed period is period_in_order's to report
           OR (is_fiscal_half_start(b.period_start)
            AND b.period_end = CAST(b.period_start + INTERVAL 6 MONTH - INTERVAL 1 DAY AS DATE))
           OR (is_fiscal_year_start(b.period_start)
            AND b.period_end = CAST(b.period_start + INTERVAL 12 MONTH - INTERVAL 1 DAY AS DATE)),
           false) AS _is_half_or_fiscal_year
FROM batch AS b;
