-- Rows quarantined, by source and rule, with up to three example values (never personal: those
-- columns have no offending value stored). A rule whose rows have no value to show (a ragged row,
-- a blank required cell) gives an empty list of examples, never NULL. The examples are the first in
-- value order and the message the first in text order: two builds from the same data say the same.
SELECT source, rule, count(DISTINCT (sha256, row_number)) AS rows,
       coalesce(
           list(DISTINCT offending_value ORDER BY offending_value) FILTER (WHERE offending_value IS NOT NULL), []
       )[1:3] AS examples,
       coalesce(min(message), '') AS example_message
FROM audit.quarantine
GROUP BY source, rule
ORDER BY source, rows DESC, rule;
