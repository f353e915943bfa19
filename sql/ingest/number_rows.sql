-- Give every good row of a text delivery its row number in the file (row 1 is the first data
-- row), counting the lines that were rejected as malformed so that numbers match the file.
CREATE OR REPLACE TEMP TABLE delivery_numbered AS
WITH rejected AS (
    SELECT DISTINCT line - {{ header_lines }} AS row_number FROM delivery_rejects
),
all_rows AS (
    SELECT range + 1 AS row_number
    FROM range((SELECT count(*) FROM delivery) + (SELECT count(*) FROM rejected))
),
kept AS (
    SELECT row_number, row_number() OVER (ORDER BY row_number) AS _ordinal
    FROM all_rows ANTI JOIN rejected USING (row_number)
)
SELECT kept.row_number AS _row_number, delivery.*
FROM delivery JOIN kept USING (_ordinal);
