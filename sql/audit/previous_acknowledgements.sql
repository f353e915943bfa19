-- The acknowledgements of a warehouse being replaced (hrp rebuild), each beside what its path held
-- last there: the content and the rows set aside of the path's latest version, and the other paths
-- whose latest sighting there held the acknowledged content (copies, or the file moved to an earlier
-- name: the bytes may be found there). Attached read-only; audit/detach_previous.sql detaches it.
{% from "audit/latest_sightings.sql" import latest_sightings %}
ATTACH {{ previous | literal }} AS previous_warehouse (READ_ONLY);
WITH holders AS (
    {{ latest_sightings("source, path, sha256", sightings="previous_warehouse.audit.landing_sightings") }}
)
SELECT a.*, m.sha256 AS latest_sha256, coalesce(m.rows_quarantined, 0) AS rows_set_aside,
       coalesce((SELECT list(h.path ORDER BY h.path) FROM holders AS h
                 WHERE h.source = a.source AND h.sha256 = a.sha256 AND h.path <> a.path), []) AS other_paths
FROM previous_warehouse.audit.acknowledgements AS a
LEFT JOIN (
    SELECT source, path, sha256, rows_quarantined FROM previous_warehouse.audit.file_manifest
    QUALIFY row_number() OVER (PARTITION BY source, path ORDER BY version DESC, delivery_id DESC) = 1
) AS m USING (source, path)
ORDER BY a.source, a.path, a.acknowledged_at;
