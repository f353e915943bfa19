-- One line per value that did not parse as its contract type.
SELECT _file_sha256, _row_number AS row_number, e.column_name AS column_name, e.value AS value
FROM (SELECT _file_sha256, _row_number, unnest(_type_errors) AS e FROM typed)
ORDER BY 1, 2, 3;
