-- Tally rows attributed to the periods they lie within: a half-year row to its half and its fiscal
-- year, a whole-year row to its fiscal year only. In each half of that year a whole-year row
-- appears once more, with its counts withheld and `reported_for_year` set, so that the half-year
-- views say "reported for the whole year" instead of counting it twice or as nothing. The rows are
-- core's, or (`tally_table`) the rows still missing from the figures (reports/missing_cells.sql).
SELECT p.period_id, false AS reported_for_year, r.*
FROM {{ tally_table | default('core.request_counts') }} AS r
JOIN periods AS p ON r.period_start >= p.period_start AND r.period_end <= p.period_end
UNION ALL
SELECT p.period_id, true AS reported_for_year,
       r.* REPLACE (NULL::BIGINT AS requests, NULL::BIGINT AS accounts_specified, NULL::BIGINT AS complied,
                    NULL::BIGINT AS complied_fully, NULL::BIGINT AS complied_partly, NULL::BIGINT AS refused,
                    NULL::BIGINT AS pending)
FROM {{ tally_table | default('core.request_counts') }} AS r
JOIN periods AS p ON p.period_kind = 'half' AND r.period_start <= p.period_start AND r.period_end >= p.period_end
                 AND NOT (r.period_start = p.period_start AND r.period_end = p.period_end)
