-- What was delivered, per source: the spans of days its deliveries cover (see marts/coverage/).
-- A period no span of a metric's source overlaps has no data: its value is NULL, never 0. Rows
-- whose dates are blank say nothing about which days they cover, so they make no span.
DELETE FROM marts.coverage;
{% for source in sources %}
INSERT INTO marts.coverage BY NAME
SELECT {{ source | literal }} AS source, covered_from, covered_to
FROM ({% include "marts/coverage/" ~ source ~ ".sql" %})
WHERE covered_from IS NOT NULL AND covered_to IS NOT NULL;
{% endfor %}
