-- A snapshot stays an assessment's latest state in every year from its date to now.
SELECT unnest(range(fiscal_year_of(as_of), fiscal_year_of(current_date) + 1)) AS fiscal_year,
       NULL::VARCHAR AS placed_by
FROM touched
