-- Request counts cover exactly the periods their rows were delivered for (a half-year, a year).
SELECT DISTINCT period_start AS covered_from, period_end AS covered_to
FROM core.request_counts
