-- An assignment counts in the years it was assigned, fell due and was completed (with `unit`, the
-- column naming whom it is about: core/mark_dirty.sql).
SELECT unnest([fiscal_year_of(assigned_on), fiscal_year_of(due_on), fiscal_year_of(completed_on)]) AS fiscal_year
       {{- (", " ~ (unit | ident) ~ " AS unit") if unit else "" }}
FROM touched
