-- A fiscal year's values are recomputed whole, or only those of the metrics listed.
DELETE FROM marts.metric_values
WHERE fiscal_year = {{ fiscal_year }}{% if metrics is not none %} AND list_contains({{ metrics | literal }}, metric_id){% endif %};
