-- The fiscal years whose metrics the rows just merged can change: the years of the incoming rows
-- (temporary table `incoming`), of the versions they replaced (`replaced`), and, for a source whose
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
        SELECT * FROM core.{{ table | ident }} SEMI JOIN incoming USING ({{ entity | ident }})
        {% endif %}
    )
    {% include "core/touched_years/" ~ source ~ ".sql" %}
) AS touched_years
WHERE fiscal_year IS NOT NULL;
