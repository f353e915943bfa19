-- Benchmark baseline: a source's files straight into its core table(s) with nothing but typing,
-- hashing person ids and keeping the latest version of each key. No validation, no audit trail.
CREATE OR REPLACE TABLE core.{{ contract.core_table }} AS
WITH delivered AS (
{% for reader, files, present in readers %}
    SELECT
        {% for c in contract.kept_columns %}
        {% if c.name not in present %}NULL::{{ c.sql_type }}{% elif c.sensitivity == "person_id" %}sha256(CAST({{ c.name | ident }} AS VARCHAR)){% else %}TRY_CAST({{ c.name | ident }} AS {{ c.sql_type }}){% endif %} AS {{ c.stored_name | ident }},
        {% endfor %}
        filename AS _file
    FROM {{ reader }}({{ files | literal }}, union_by_name = true, filename = true{% if reader == "read_csv" %}, all_varchar = true{% endif %})
    {{ "UNION ALL BY NAME" if not loop.last }}
{% endfor %}
)
SELECT * EXCLUDE (_file)
FROM delivered
QUALIFY row_number() OVER (PARTITION BY {{ contract.key | map("ident") | join(", ") }} ORDER BY _file DESC) = 1;
{% if contract.current_table %}

CREATE OR REPLACE TABLE core.{{ contract.current_table }} AS
SELECT * FROM core.{{ contract.core_table }}
QUALIFY row_number() OVER (PARTITION BY {{ contract.entity | ident }} ORDER BY {{ contract.latest_by | ident }} DESC) = 1;
{% endif %}
