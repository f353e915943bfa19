{# The content each landing path held when it was last seen: of a path's sightings, the latest
   (seen_order). `columns`: what to select; `source`: the source as SQL (a literal or a parameter),
   or none for every source, each path then taken per source; `sightings`: the table, another
   warehouse's when a rebuild compares with the one it replaces. #}
{% macro latest_sightings(columns, source=none, sightings="audit.landing_sightings") -%}
SELECT {{ columns }} FROM {{ sightings }}{% if source %} WHERE source = {{ source }}{% endif %}{{ " " }}
QUALIFY row_number() OVER (PARTITION BY {% if not source %}source, {% endif %}path ORDER BY seen_order DESC) = 1
{%- endmacro %}
