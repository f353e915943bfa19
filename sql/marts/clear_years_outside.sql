-- Values of fiscal years after the current one were computed under a wrong date (nothing of them
-- has happened yet); values of years before the first one covered (the configured first year, else
-- the earliest with data) were computed from rows that have since left core (a file withdrawn by its
-- new version, a delivery held): a clean rebuild from the same files has neither. They go, with the
-- record of their computation and of their kept observations.
DELETE FROM marts.metric_values
WHERE fiscal_year > {{ current_fiscal_year }}{% if first_fiscal_year is not none %} OR fiscal_year < {{ first_fiscal_year }}{% endif %};
DELETE FROM marts.computed_years
WHERE fiscal_year > {{ current_fiscal_year }}{% if first_fiscal_year is not none %} OR fiscal_year < {{ first_fiscal_year }}{% endif %};
DELETE FROM marts.kept_years
WHERE fiscal_year > {{ current_fiscal_year }}{% if first_fiscal_year is not none %} OR fiscal_year < {{ first_fiscal_year }}{% endif %};
