INSERT INTO audit.file_manifest
    (delivery_id, source, path, sha256, size_bytes, modified_ns, format, version, rows_read, rows_loaded, rows_quarantined, rows_held,
     status, error, notes, profile, run_id, discovered_at, processed_at)
VALUES
    ($delivery_id, $source, $path, $sha256, $size_bytes, $modified_ns, $format, $version, $rows_read, 0, $rows_quarantined, 0,
     $status, $error, $notes, $profile, $run_id, $now, CASE WHEN $status = 'failed' THEN $now END);
