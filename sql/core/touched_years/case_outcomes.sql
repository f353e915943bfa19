-- A case counts in the year it was opened (placed by `opened_on`), in the year it was closed
-- (`closed_on`), and in the backlog of every year it was open in: from its opening to its closing,
-- or to now while it stays open. No one date places a case in a backlog, so the backlog metrics
-- have no `placed_by` and are recomputed in every year a case's rows reach; the years it was only
-- open in are marked 'while_open', which no metric is placed by, so that a case opened in FY2023
-- and still open recomputes FY2024's backlog, not FY2024's cases opened or closed.
SELECT unnest(
           [{'fiscal_year': fiscal_year_of(opened_on), 'placed_by': 'opened_on'},
            {'fiscal_year': fiscal_year_of(closed_on), 'placed_by': 'closed_on'}]
           || [{'fiscal_year': open_year, 'placed_by': 'while_open'}
               FOR open_year IN range(fiscal_year_of(opened_on),
                                      fiscal_year_of(coalesce(closed_on, current_date)) + 1)],
           recursive := true)
FROM touched
