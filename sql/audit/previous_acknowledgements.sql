-- The acknowledgements of a warehouse being replaced (hrp rebuild), each beside what its path held
-- last there: the content and the rows set aside of the path's latest version. Attached read-only;
-- audit/detach_previous.sql detaches it.
ATTACH {{ previous | literal }} AS previous_warehouse (READ_ONLY);
SELECT a.*, m.sha256 AS latest_sha256, coalesce(m.rows_quarantined, 0) AS rows_set_aside
FROM previous_warehouse.audit.acknowledgements AS a
LEFT JOIN (
    SELECT source, path, sha256, rows_quarantined FROM previous_warehouse.audit.file_manifest
    QUALIFY row_number() OVER (PARTITION BY source, path ORDER BY version DESC, delivery_id DESC) = 1
) AS m USING (source, path)
ORDER BY a.source, a.path, a.acknowledged_at;
