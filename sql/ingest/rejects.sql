-- Malformed rows of the deliveries just read, one per file and line.
SELECT _path, line, min(error_type)
FROM delivery_rejected_lines
GROUP BY _path, line
ORDER BY _path, line;
