-- A tally counts in the year its period starts.
SELECT fiscal_year_of(period_start) AS fiscal_year, NULL::VARCHAR AS placed_by
FROM touched
