-- Per fiscal year and source, what of the source's coverage bears on that year's values: whether
-- the source delivered anything at all (a source that never did has no values), and the parts of
-- its spans that fall in the year (a period none covers says "no data"). A delivery can change this
-- for years its rows are not in (a first delivery, a span that grows into the year), so a year is
-- recomputed when it changes. Only the part in the year counts: a span reaching one more day of a
-- later year leaves the earlier years' values as they were (each night's deliveries extend the
-- span; the whole span in every year's digest recomputed every year of history every night).
WITH years AS (SELECT unnest({{ years | literal }}) AS fiscal_year),
sources AS (SELECT unnest({{ sources | literal }}) AS source),
spans AS (
    SELECT y.fiscal_year, s.source,
           string_agg(
               CASE WHEN fiscal_year_of(c.covered_from) < y.fiscal_year THEN 'earlier' ELSE c.covered_from::VARCHAR END
               || '..'
               || CASE WHEN fiscal_year_of(c.covered_to) > y.fiscal_year THEN 'later' ELSE c.covered_to::VARCHAR END,
               ',' ORDER BY c.covered_from, c.covered_to
           ) AS spans
    FROM years AS y
    CROSS JOIN sources AS s
    LEFT JOIN marts.coverage AS c
        ON c.source = s.source
       AND fiscal_year_of(c.covered_from) <= y.fiscal_year AND fiscal_year_of(c.covered_to) >= y.fiscal_year
    GROUP BY y.fiscal_year, s.source
)
SELECT fiscal_year, source,
       CASE WHEN source IN (SELECT source FROM marts.coverage) THEN 'delivered:' ELSE '' END || coalesce(spans, '') AS digest
FROM spans
