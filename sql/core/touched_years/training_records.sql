-- An assignment counts in the years it was assigned, fell due and was completed, each year with the
-- date that places it there: a metric placed by one of them (catalogue `placed_by`) is recomputed
-- only in the years that date puts the rows in. With `unit`, the column naming whom it is about
-- (core/mark_dirty.sql).
SELECT unnest([
           {'fiscal_year': fiscal_year_of(assigned_on), 'placed_by': 'assigned_on'},
           {'fiscal_year': fiscal_year_of(due_on), 'placed_by': 'due_on'},
           {'fiscal_year': fiscal_year_of(completed_on), 'placed_by': 'completed_on'}
       ], recursive := true)
       {{- (", " ~ (unit | ident) ~ " AS unit") if unit else "" }}
FROM touched
