-- An assignment counts in the years it was assigned, fell due and was completed.
SELECT unnest([fiscal_year_of(assigned_on), fiscal_year_of(due_on), fiscal_year_of(completed_on)]) AS fiscal_year
FROM touched
