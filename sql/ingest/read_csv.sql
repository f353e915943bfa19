-- CSV deliveries of one shape (same header, delimiter and encoding) in one scan, every value as
-- text, rows in file order with the file they came from. Malformed lines are kept aside in
-- delivery_rejected_lines (with their file and line number) instead of failing the file.
DROP TABLE IF EXISTS delivery_rejects;
DROP TABLE IF EXISTS delivery_rejects_scan;

CREATE OR REPLACE TEMP TABLE delivery AS
SELECT row_number() OVER () AS _ordinal, *
FROM read_csv(
    {{ paths | file_literal }},
    header = true,
    all_varchar = true,
    auto_detect = false,
    columns = { {% for name in header %}{{ name | literal }}: 'VARCHAR'{{ ", " if not loop.last }}{% endfor %} },
    delim = {{ delimiter | literal }},
    quote = '"',
    escape = '"',
    encoding = {{ encoding | literal }},
    max_line_size = {{ max_line_bytes }},
    strict_mode = true,
    filename = '_path',
    store_rejects = true,
    rejects_table = 'delivery_rejects',
    rejects_scan = 'delivery_rejects_scan'
);

CREATE OR REPLACE TEMP TABLE delivery_rejected_lines AS
SELECT s.file_path AS _path, r.line, r.error_type
FROM delivery_rejects AS r
JOIN delivery_rejects_scan AS s USING (scan_id, file_id);

-- Every good row's number in its file (row 1 is the first data row), counting the lines that were
-- rejected as malformed so that numbers match the file. Rows keep their file order in the scan, so
-- a row's ordinal in its file is its distance from the file's first row.
CREATE OR REPLACE TEMP TABLE delivery_numbered AS
WITH firsts AS (
    SELECT _path, min(_ordinal) AS first_ordinal, count(*) AS good FROM delivery GROUP BY _path
),
rejected AS (
    SELECT DISTINCT _path, line - 1 AS row_number FROM delivery_rejected_lines
),
all_rows AS (  -- only files with rejected lines need renumbering
    SELECT _path, unnest(range(1, good + (SELECT count(*) FROM rejected WHERE rejected._path = firsts._path) + 1))
        AS row_number
    FROM firsts
    WHERE _path IN (SELECT _path FROM rejected)
),
kept AS (
    SELECT _path, row_number, row_number() OVER (PARTITION BY _path ORDER BY row_number) AS _file_ordinal
    FROM all_rows ANTI JOIN rejected USING (_path, row_number)
)
SELECT coalesce(kept.row_number, d._file_ordinal) AS _row_number, d.* EXCLUDE (_ordinal, _file_ordinal)
FROM (
    SELECT delivery.*, _ordinal - firsts.first_ordinal + 1 AS _file_ordinal FROM delivery JOIN firsts USING (_path)
) AS d
LEFT JOIN kept USING (_path, _file_ordinal);

DROP TABLE delivery;
