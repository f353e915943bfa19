-- How many rows still missing (reports/still_missing.sql; `accepted` ones or the others) each cell of
-- one metric would have counted: the metric's own SQL over those rows, grouped by every breakdown. A
-- row whose member is unknown (a country that did not resolve) leaves out only that breakdown: the
-- total and the other breakdowns still count it. A value outside a closed list (a requester type
-- that is not one of the contract's words) is read as the `guess` for it: the caller tries every
-- member and keeps, per cell, the most rows any guess puts there.
WITH observations AS (
    SELECT * FROM (
{% set guessed %}{% for column, value in guess.items() %}CASE WHEN {{ column | ident }} IN ({% for word in allowed[column] %}{{ word | literal }}{{ ", " if not loop.last }}{% endfor %}) THEN {{ column | ident }} ELSE {{ value | literal }} END AS {{ column | ident }}{{ ", " if not loop.last }}{% endfor %}{% endset %}
{% with tally_table = "(SELECT * " ~ ("REPLACE (" ~ guessed ~ ") " if guess else "") ~ "FROM still_missing WHERE " ~ ("" if accepted else "NOT ") ~ "accepted)" %}
{% include "marts/" ~ metric.sql %}
{% endwith %}
    )
)
{% for breakdown in metric.breakdowns %}
SELECT period_id, {{ breakdown | join(",") | literal }} AS breakdown,
       {% if breakdown | length > 0 %}CAST({{ breakdown[0] | ident }} AS VARCHAR){% else %}NULL::VARCHAR{% endif %} AS member_1,
       {% if breakdown | length > 1 %}CAST({{ breakdown[1] | ident }} AS VARCHAR){% else %}NULL::VARCHAR{% endif %} AS member_2,
       count(*) AS rows
FROM observations
WHERE period_id IS NOT NULL {% for dimension in breakdown %}AND {{ dimension | ident }} IS NOT NULL {% endfor %}
GROUP BY ALL
{{ "UNION ALL" if not loop.last }}
{% endfor %};
