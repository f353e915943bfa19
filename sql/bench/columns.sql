-- The columns a reader finds in a source's files (for the benchmark baseline).
SELECT column_name
FROM (DESCRIBE SELECT * FROM {{ reader }}({{ files | literal }}, union_by_name = true{% if reader == "read_csv" %}, all_varchar = true{% endif %}));
