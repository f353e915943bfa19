-- Deliveries staged and waiting for validation, oldest first, with their staged row counts.
SELECT m.sha256, m.path, count(s._row_number) AS rows, m.released_reason IS NOT NULL AS released
FROM audit.file_manifest AS m
LEFT JOIN staging.{{ source }} AS s ON s._file_sha256 = m.sha256
WHERE m.source = {{ source | literal }} AND m.status = 'staged'
GROUP BY m.delivery_id, m.sha256, m.path, m.released_reason
ORDER BY m.delivery_id;
