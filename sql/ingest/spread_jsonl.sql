-- Each JSON object of these files parsed once into text columns by key (row N is line N).
CREATE OR REPLACE TEMP TABLE delivery_numbered AS
SELECT _path, line_number AS _row_number, unnest(json_transform(line, {{ shape | literal }}))
FROM delivery_lines
WHERE is_record AND _path IN (SELECT unnest({{ paths | literal }}));
