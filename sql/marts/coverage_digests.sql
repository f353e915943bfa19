-- Per fiscal year and source, what of the source's coverage bears on that year's values: whether
-- the source delivered anything at all (a source that never did has no values), and the spans that
-- fall in the year (a period none covers says "no data"). A delivery can change this for years its
-- rows are not in (a first delivery, a span that grows), so a year is recomputed when it changes.
WITH years AS (SELECT unnest({{ years | literal }}) AS fiscal_year),
sources AS (SELECT unnest({{ sources | literal }}) AS source),
spans AS (
    SELECT y.fiscal_year, s.source,
           string_agg(c.covered_from || '..' || c.covered_to, ',' ORDER BY c.covered_from, c.covered_to) AS spans
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
