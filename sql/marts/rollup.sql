-- One metric's values for one fiscal year's periods (the temporary table `periods`), for every
-- breakdown the catalogue lists, from the observations its SQL file returns. An observation whose
-- num is NULL was not reported (an optional measure left blank): it counts in `not_reported`, and a
-- sum of nothing but such observations is NULL, not 0. An observation may say it was
-- `reported_for_year` (a whole-year tally seen from a half-year): it counts there, not as a value.
{% macro aggregate(o) -%}
{% if metric.aggregate == "ratio" -%}
    sum({{ o }}.num) / nullif(sum({{ o }}.den), 0) AS value, sum({{ o }}.num) AS numerator, sum({{ o }}.den) AS denominator
{%- elif metric.aggregate == "sum" -%}
    CASE WHEN count({{ o }}.num) = 0 AND count({{ o }}.period_id) > 0 THEN NULL ELSE coalesce(sum({{ o }}.num), 0) END AS value,
    CASE WHEN count({{ o }}.num) = 0 AND count({{ o }}.period_id) > 0 THEN NULL ELSE coalesce(sum({{ o }}.num), 0) END AS numerator,
    NULL AS denominator
{%- else -%}
    median({{ o }}.num) AS value, NULL AS numerator, NULL AS denominator
{%- endif %},
    count({{ o }}.period_id) FILTER (WHERE {{ o }}.num IS NULL AND NOT coalesce({{ o }}.reported_for_year, false)) AS not_reported,
    count({{ o }}.period_id) FILTER (WHERE {{ o }}.reported_for_year) AS reported_for_year
{%- endmacro %}
{% macro member(breakdown, i) -%}
{% if breakdown | length > i %}{{ breakdown[i] | literal }}{% else %}NULL{% endif %} AS dimension_{{ i + 1 }},
{% if breakdown | length > i %}coalesce(CAST(o.{{ breakdown[i] | ident }} AS VARCHAR), 'unknown'){% else %}NULL{% endif %} AS member_{{ i + 1 }}
{%- endmacro %}
INSERT INTO marts.metric_values BY NAME
WITH observations AS (
    SELECT * FROM (
{% if metric.kept_per %}
        -- kept between nights and brought up to date for this year (marts/kept/refresh.sql)
        SELECT * EXCLUDE (fiscal_year) FROM marts.{{ metric.kept_table | ident }} WHERE fiscal_year = {{ fiscal_year }}
{% else %}
{% include "marts/" ~ metric.sql %}
{% endif %}

    )
    UNION ALL BY NAME  -- every metric's observations have the column, most of them as NULL
    SELECT NULL::VARCHAR AS period_id, NULL::BOOLEAN AS reported_for_year WHERE false
),
grouped AS (
{% for breakdown in metric.breakdowns %}
    {% if breakdown | length == 0 %}
    -- the total, for every period, even one with nothing observed (a count of zero is news)
    SELECT p.period_id, '' AS breakdown, {{ member(breakdown, 0) }}, {{ member(breakdown, 1) }},
           {{ aggregate("o") }}, count(o.period_id) AS units
    FROM periods AS p LEFT JOIN observations AS o USING (period_id)
    GROUP BY p.period_id
    {% else %}
    SELECT o.period_id, {{ breakdown | join(",") | literal }} AS breakdown, {{ member(breakdown, 0) }},
           {{ member(breakdown, 1) }}, {{ aggregate("o") }}, count(*) AS units
    FROM observations AS o
    GROUP BY ALL
    {% endif %}
    {{ "UNION ALL" if not loop.last }}
{% endfor %}
),
-- whether a delivery of the metric's source covers the period: if none does, there is no value
-- (NULL, status 'no data'), never a 0 standing for nothing delivered
covered AS (
    SELECT p.period_id,
           EXISTS (SELECT 1 FROM marts.coverage AS c
                   WHERE c.source = {{ metric.source | literal }}
                     AND c.covered_from <= p.period_end AND c.covered_to >= p.period_start) AS delivered
    FROM periods AS p
)
SELECT {{ metric.id | literal }} AS metric_id, {{ metric.unit | literal }} AS unit, p.fiscal_year,
       g.period_id, p.period_kind, p.period_start, p.period_end, p.measured_on, g.breakdown,
       g.dimension_1, g.member_1, g.dimension_2, g.member_2,
       CASE WHEN cv.delivered THEN g.value END AS value,
       CASE WHEN cv.delivered THEN g.numerator END AS numerator,
       CASE WHEN cv.delivered THEN g.denominator END AS denominator,
       CASE WHEN cv.delivered THEN g.units ELSE 0 END AS units,
       CASE WHEN NOT cv.delivered THEN 'no data' WHEN p.measured_on < p.period_end THEN 'to date' ELSE 'value' END
           AS status,
       g.not_reported, g.reported_for_year,
       {{ run_id | literal }} AS run_id, {{ computed_at | literal }}::TIMESTAMP AS computed_at
FROM grouped AS g JOIN periods AS p USING (period_id) JOIN covered AS cv USING (period_id);
