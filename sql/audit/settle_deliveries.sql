-- Close the books on validated deliveries: what loaded, what was quarantined, what is held. Loaded
-- rows add up: a delivery validated again holds only the rows staged again (released, or re-staged
-- once their country resolves: staging/restage_resolved.sql).
UPDATE audit.file_manifest AS m SET
    rows_loaded = coalesce(m.rows_loaded, 0) + r.rows_loaded,
    rows_quarantined = m.rows_quarantined + r.rows_quarantined,
    rows_held = r.rows_held,
    status = r.status,
    error = r.error,
    validated_run_id = $run_id,
    processed_at = $now
FROM delivery_results AS r
WHERE m.source = $source AND m.sha256 = r.sha256;
