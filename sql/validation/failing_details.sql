-- Each failing row with its delivery, the rule's level, the column to name, the message a person
-- reads (filled in from the row, personal values withheld) and the offending value when it may be kept.
{% from "validation/show.sql" import message, stored %}
CREATE OR REPLACE TEMP TABLE failing_details AS
{% for rule in rules %}
SELECT f.rule, {{ loop.index }} AS rule_order, {{ rule.level | literal }} AS level, f._file_sha256, f._row_number,
       d.path, {{ rule.column_name | literal }} AS column_name,
       {{ message(rule) }} AS message,
       {% if rule.value_column %}{{ stored(rule.value_column, rule.value_kind, rule.value_allowed) }}{% else %}NULL::VARCHAR{% endif %} AS offending_value
FROM failing_rows AS f
JOIN validation_batch AS b USING (_file_sha256, _row_number)
JOIN chunk_deliveries AS d USING (_file_sha256)
WHERE f.rule = {{ rule.name | literal }}
{{ "UNION ALL" if not loop.last }}
{% endfor %}
{% if not rules %}
SELECT NULL::VARCHAR AS rule, 0 AS rule_order, NULL::VARCHAR AS level, NULL::VARCHAR AS _file_sha256,
       NULL::BIGINT AS _row_number, NULL::VARCHAR AS path, NULL::VARCHAR AS column_name, NULL::VARCHAR AS message,
       NULL::VARCHAR AS offending_value
WHERE false
{% endif %}
;
