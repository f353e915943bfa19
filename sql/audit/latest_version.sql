-- What a landing path's latest version is in the manifest: its content, status and rows set aside.
SELECT sha256, version, status, coalesce(rows_quarantined, 0) AS rows_set_aside
FROM audit.file_manifest
WHERE source = $source AND path = $path
ORDER BY version DESC, delivery_id DESC
LIMIT 1;
