{# Two request-count rows `a` and `b` for the same country, type and requester whose periods
   overlap without being the same period (the same period is a correction, not an overlap): the
   rule both the validation (validation/request_counts.sql) and the check after a recount
   (core/after_recount/request_counts.sql) hold a file by. #}
{% macro periods_overlap(a, b) -%}
{{ a }}.country = {{ b }}.country AND {{ a }}.request_type = {{ b }}.request_type
AND {{ a }}.requester_type = {{ b }}.requester_type
AND {{ a }}.period_start <= {{ b }}.period_end AND {{ b }}.period_start <= {{ a }}.period_end
AND NOT ({{ a }}.period_start = {{ b }}.period_start AND {{ a }}.period_end = {{ b }}.period_end)
{%- endmacro %}
