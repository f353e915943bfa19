-- Of the requested fiscal years, those whose values are out of date: touched by new data, computed
-- from other definitions, never computed, or the current year (its "so far" moves every day).
SELECT DISTINCT requested.fiscal_year
FROM (SELECT unnest($requested) AS fiscal_year) AS requested
LEFT JOIN marts.computed_years AS c ON c.fiscal_year = requested.fiscal_year
WHERE c.fiscal_year IS NULL
   OR c.fingerprint <> $fingerprint
   OR requested.fiscal_year >= $current_fiscal_year
   OR requested.fiscal_year IN (SELECT fiscal_year FROM audit.dirty_fiscal_years)
ORDER BY 1;
