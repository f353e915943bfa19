-- What the warehouse a rebuild replaced counted that the rebuilt one does not: each path whose latest
-- sighting there was loaded or released content that the rebuild night does not count, with what
-- that night made of the bytes (`now_status`, `now_path`: NULL when it read them under no name, its
-- file gone from landing/, which a rebuild reads as it is; failed: read, under `now_path`, and
-- rejected; held: held back, its release a decision to make again unless its rule allows none,
-- `now_error`). Attached read-only; audit/detach_previous.sql detaches it.
{% from "audit/latest_sightings.sql" import latest_sightings %}
ATTACH {{ previous | literal }} AS previous_warehouse (READ_ONLY);
SELECT s.source, s.path, n.status AS now_status, n.path AS now_path, n.error AS now_error
FROM (
    {{ latest_sightings("source, path, sha256", sightings="previous_warehouse.audit.landing_sightings") }}
) AS s
LEFT JOIN (
    SELECT source, sha256, min_by(status, delivery_id) AS status, min_by(path, delivery_id) AS path,
           min_by(error, delivery_id) AS error
    FROM audit.file_manifest GROUP BY source, sha256
) AS n USING (source, sha256)
WHERE EXISTS (SELECT 1 FROM previous_warehouse.audit.file_manifest AS m
              WHERE m.source = s.source AND m.sha256 = s.sha256 AND m.status IN ('loaded', 'released'))
  AND NOT EXISTS (SELECT 1 FROM audit.file_manifest AS c
                  WHERE c.source = s.source AND c.sha256 = s.sha256 AND c.status IN ('loaded', 'released', 'staged'))
ORDER BY s.source, s.path;
