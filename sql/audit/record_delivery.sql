-- A delivery read: its manifest record. Bytes an operator released before a rebuild
-- (audit.releases_carried, during `hrp rebuild` only) are recorded as released, with the reason given.
INSERT INTO audit.file_manifest
    (delivery_id, source, path, sha256, size_bytes, modified_ns, format, version, rows_read, rows_loaded, rows_quarantined, rows_held,
     status, error, notes, profile, run_id, discovered_at, processed_at, released_reason)
SELECT
    $delivery_id, $source, $path, $sha256, $size_bytes, $modified_ns, $format, $version, $rows_read, 0, $rows_quarantined, 0,
    $status, $error, nullif(concat_ws('; ', $notes, 'released by an operator: ' || carried.reason), ''), $profile, $run_id, $now,
    CASE WHEN $status = 'failed' THEN $now END, carried.reason
FROM (SELECT any_value(reason) AS reason FROM audit.releases_carried
      WHERE source = $source AND sha256 = $sha256 AND $status <> 'failed') AS carried;
