-- The contents some landing path of the source holds now (its latest sighting there: a new version
-- of a file withdraws the old one), each at its position, the first of its paths by
-- delivery_position. This is the one order in which a delivery is later than another: the merge
-- (core/recount.sql) lets the later one win a key, the "incomplete" marks (reports/still_missing.sql)
-- count a set-aside row as delivered again only by a later one. Delivery ids are not that order:
-- they follow staging (`x-v2.csv` sorts before `x.csv` as a plain path, after it by position).
-- Included as a subquery, with `source` in the context.
{% from "audit/latest_sightings.sql" import latest_sightings %}
SELECT sha256, min(delivery_position(path)) AS position
FROM (
    {{ latest_sightings("path, sha256", source | literal) }}
)
GROUP BY sha256
