-- A JSON Lines delivery: one line, one record. Lines that are not JSON objects are kept aside as
-- rejects with their line number; the rest are spread into text columns by key.
CREATE OR REPLACE TEMP TABLE delivery_lines AS
WITH lines AS (
    SELECT unnest(string_split(replace(content, chr(13), ''), chr(10))) AS line,
           generate_subscripts(string_split(replace(content, chr(13), ''), chr(10)), 1) AS line_number
    FROM read_text({{ path | literal }})
)
SELECT line_number, line, CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE false END AS is_record
FROM lines
WHERE trim(line) <> '';

CREATE OR REPLACE TEMP TABLE delivery_rejects AS
SELECT line_number AS line, 'INVALID JSON' AS error_type, 'line is not a JSON object' AS error_message
FROM delivery_lines WHERE NOT is_record;

CREATE OR REPLACE TEMP TABLE delivery_numbered AS
SELECT line_number AS _row_number,
       {% for name in header %}json_extract_string(line, {{ ('$."' ~ name ~ '"') | literal }}) AS {{ name | ident }}{{ ", " if not loop.last }}{% endfor %}
FROM delivery_lines WHERE is_record;
