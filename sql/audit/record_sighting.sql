-- A landing path seen holding some content (new, or bytes already known under this or another name).
INSERT INTO audit.landing_sightings
    (source, path, sha256, size_bytes, modified_ns, seen_order, run_id, seen_at, changed_ns, inode)
VALUES ($source, $path, $sha256, $size_bytes, $modified_ns, nextval('audit.delivery_sequence'), $run_id, $now,
    $changed_ns, $inode);
