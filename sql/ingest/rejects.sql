-- Malformed rows of the delivery just read, one per line.
SELECT line, min(error_type), min(error_message)
FROM delivery_rejects
GROUP BY line
ORDER BY line;
