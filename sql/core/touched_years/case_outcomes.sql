-- A case counts in every year from its opening to now: while open it is in each year's backlog.
SELECT unnest(range(fiscal_year_of(opened_on), fiscal_year_of(current_date) + 1)) AS fiscal_year
FROM touched
