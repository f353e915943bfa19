-- The fiscal years whose observations of a source's metrics are kept between nights
-- (marts.kept_years), per column naming the unit: the merge marks which units' rows it changed.
SELECT kept_per, list(DISTINCT fiscal_year ORDER BY fiscal_year) AS fiscal_years
FROM marts.kept_years
WHERE source = $1
GROUP BY kept_per
ORDER BY kept_per;
