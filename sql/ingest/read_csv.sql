-- A CSV delivery, every value as text, rows numbered in file order. Malformed lines are kept
-- aside in delivery_rejects (with their line numbers) instead of failing the file.
DROP TABLE IF EXISTS delivery_rejects;
DROP TABLE IF EXISTS delivery_rejects_scan;

CREATE OR REPLACE TEMP TABLE delivery AS
SELECT row_number() OVER () AS _ordinal, *
FROM read_csv(
    {{ path | literal }},
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
    store_rejects = true,
    rejects_table = 'delivery_rejects',
    rejects_scan = 'delivery_rejects_scan'
);
