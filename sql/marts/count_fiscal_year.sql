SELECT count(*) FROM marts.metric_values WHERE fiscal_year = $fiscal_year;
