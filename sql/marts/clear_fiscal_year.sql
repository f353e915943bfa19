-- A fiscal year's values are recomputed whole, or only those of the metrics listed; their kept
-- observations (marts/kept/refresh.sql) stand again only once recomputed.
DELETE FROM marts.metric_values
WHERE fiscal_year = {{ fiscal_year }}{% if metrics is not none %} AND list_contains({{ metrics | literal }}, metric_id){% endif %};
DELETE FROM marts.kept_years
WHERE fiscal_year = {{ fiscal_year }}{% if metrics is not none %} AND list_contains({{ metrics | literal }}, metric_id){% endif %};
