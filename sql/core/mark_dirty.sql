-- The fiscal years whose metrics a recount can change: the years of the rows that entered core
-- (temporary table `incoming`), of the rows that left it (`replaced`), and, for a source whose
-- entities have versions (a case, an assessment), of every version of each touched entity: a
-- correction that moves a case's opening from one year to another changes both years.
{% macro touched() -%}
    WITH touched AS (
        SELECT * FROM incoming
        UNION ALL BY NAME
        SELECT * FROM replaced
        {% if contract.entity %}
        UNION ALL BY NAME
        SELECT * FROM core.{{ contract.core_table | ident }}
        WHERE {{ contract.entity | ident }} IN (SELECT {{ contract.entity | ident }} FROM incoming UNION SELECT {{ contract.entity | ident }} FROM replaced)
        {% endif %}
    )
{%- endmacro %}
{% set unit = none %}
INSERT INTO audit.dirty_fiscal_years (fiscal_year, source, placed_by, run_id, marked_at)
SELECT DISTINCT fiscal_year, {{ source | literal }}, placed_by, {{ run_id | literal }}, now()::TIMESTAMP
FROM (
    {{ touched() }}
    {% include "core/touched_years/" ~ source ~ ".sql" %}
) AS touched_years
WHERE fiscal_year IS NOT NULL;
-- For each metric whose observations are kept (`kept`: its unit column and the years kept,
-- marts.kept_years), the units these rows belong to in those years: their observations alone are
-- computed again (pipeline.lib.metrics.kept). A first load keeps nothing yet and marks no unit.
{% for unit, years in kept %}
INSERT INTO audit.dirty_units
SELECT DISTINCT fiscal_year, {{ source | literal }}, {{ unit | literal }}, unit
FROM (
    {{ touched() }}
    {% include "core/touched_years/" ~ source ~ ".sql" %}
) AS touched_units
WHERE list_contains({{ years | literal }}, fiscal_year) AND unit IS NOT NULL;
{% endfor %}
