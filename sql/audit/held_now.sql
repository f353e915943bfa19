-- The contents some landing path of the source holds now (its latest sighting there: a new version
-- of a file withdraws the old one), each at its position, the first of its paths by
-- delivery_position. This is the one order in which a delivery is later than another: the merge
-- (core/recount.sql) lets the later one win a key, the "incomplete" marks (reports/still_missing.sql)
-- count a set-aside row as delivered again only by a later one. Delivery ids are not that order:
-- they follow staging (`x-v2.csv` sorts before `x.csv` as a plain path, after it by position).
-- Included as a subquery, with `source` in the context.
SELECT sha256, min(delivery_position(path)) AS position
FROM (
    SELECT path, sha256 FROM audit.landing_sightings WHERE source = {{ source | literal }}
    QUALIFY row_number() OVER (PARTITION BY path ORDER BY seen_order DESC) = 1
)
GROUP BY sha256
