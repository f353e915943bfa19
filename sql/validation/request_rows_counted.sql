-- The request-count rows of the deliveries that count (loaded): core's, and those such a delivery had
-- set aside by a row rule. A rebuild holds a delivery whole when any of its rows, set aside or not,
-- overlaps a row of a file sorting before it, and a night does not take a counted delivery back: so
-- for "a counted file sorting after" (validation/request_counts.sql) and for a counted file to hold
-- (core/after_recount/request_counts.sql), a set-aside row of a loaded delivery is that delivery's.
-- Included as a subquery.
SELECT period_start, period_end, country, request_type, requester_type, _file_sha256, _row_number
FROM core.request_counts
UNION ALL
SELECT period_start, period_end, country, request_type, requester_type, _file_sha256, _row_number
FROM audit.set_aside_request_counts
WHERE kind = 'set aside' AND _file_sha256 IN (
    SELECT sha256 FROM audit.file_manifest WHERE source = 'request_counts'
    GROUP BY sha256 HAVING arg_max(status, delivery_id) = 'loaded'
)
