-- A fiscal year's values are recomputed whole.
DELETE FROM marts.metric_values WHERE fiscal_year = $fiscal_year;
