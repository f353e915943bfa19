-- Per metric with kept observations: whether this fiscal year's are kept from today's definitions
-- (then a night observes again only the units it changed), and, by being listed at all, whether
-- any year's are (if none is, the kept table starts over: marts/kept/refresh.sql).
SELECT metric_id, bool_or(fiscal_year = $fiscal_year) AS this_year
FROM marts.kept_years
WHERE fingerprint = $fingerprint
GROUP BY metric_id;
