-- Values of fiscal years after the current one were computed under a wrong date (nothing of them
-- has happened yet): they go, with the record of their computation.
DELETE FROM marts.metric_values WHERE fiscal_year > {{ current_fiscal_year }};
DELETE FROM marts.computed_years WHERE fiscal_year > {{ current_fiscal_year }};
