-- The fiscal years whose metrics a recount can change: the years of the rows that entered core
-- (temporary table `incoming`), of the rows that left it (`replaced`), and, for a source whose
-- entities have versions (a case, an assessment), of every version of each touched entity: a
-- correction that moves a case's opening from one year to another changes both years.
INSERT INTO audit.dirty_fiscal_years
SELECT DISTINCT fiscal_year, {{ source | literal }}, {{ run_id | literal }}, now()::TIMESTAMP
FROM (
    WITH touched AS (
        SELECT * FROM incoming
        UNION ALL BY NAME
        SELECT * FROM replaced
        {% if entity %}
        UNION ALL BY NAME
        SELECT * FROM core.{{ table | ident }}
        WHERE {{ entity | ident }} IN (SELECT {{ entity | ident }} FROM incoming UNION SELECT {{ entity | ident }} FROM replaced)
        {% endif %}
    )
    {% include "core/touched_years/" ~ source ~ ".sql" %}
) AS touched_years
WHERE fiscal_year IS NOT NULL;
