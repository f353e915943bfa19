-- A case counts in every year from its opening to now: while open it is in each year's backlog
-- (no one date places it: every case metric is recomputed in those years).
SELECT unnest(range(fiscal_year_of(opened_on), fiscal_year_of(current_date) + 1)) AS fiscal_year,
       NULL::VARCHAR AS placed_by
FROM touched
