-- A JSON Lines delivery, first as lines: read as a one-column CSV (a unit separator never occurs
-- raw in JSON), which keeps blank lines, so row N is line N. Lines that are not JSON objects are
-- kept aside as rejects with their line number.
DROP TABLE IF EXISTS delivery_rejects;
CREATE OR REPLACE TEMP TABLE delivery_lines AS
SELECT line_number, line, CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE false END AS is_record
FROM (
    SELECT row_number() OVER () AS line_number, line
    FROM read_csv({{ path | literal }}, columns = {'line': 'VARCHAR'}, header = false, delim = chr(31), quote = '',
                  escape = '', auto_detect = false, strict_mode = false, null_padding = true,
                  max_line_size = {{ max_line_bytes }})
)
WHERE trim(coalesce(line, '')) <> '';

CREATE OR REPLACE TEMP TABLE delivery_rejects AS
SELECT line_number AS line, 'INVALID JSON' AS error_type, 'line is not a JSON object' AS error_message
FROM delivery_lines WHERE NOT is_record;
