-- What the warehouse a rebuild replaced counted that the rebuilt one does not: each path whose latest
-- sighting there was loaded or released content that the rebuild night read under no name (its file
-- gone from landing/, which a rebuild reads as it is: `read` false), or read only to reject it (a
-- copy under a name no delivery has: `read` true). Held again is counted: releasing it is the
-- operator's decision, made again. Attached read-only; audit/detach_previous.sql detaches it.
ATTACH {{ previous | literal }} AS previous_warehouse (READ_ONLY);
SELECT s.source, s.path,
       EXISTS (SELECT 1 FROM audit.file_manifest AS n WHERE n.source = s.source AND n.sha256 = s.sha256) AS read
FROM (
    SELECT source, path, sha256 FROM previous_warehouse.audit.landing_sightings
    QUALIFY row_number() OVER (PARTITION BY source, path ORDER BY seen_order DESC) = 1
) AS s
WHERE EXISTS (SELECT 1 FROM previous_warehouse.audit.file_manifest AS m
              WHERE m.source = s.source AND m.sha256 = s.sha256 AND m.status IN ('loaded', 'released'))
  AND NOT EXISTS (SELECT 1 FROM audit.file_manifest AS n
                  WHERE n.source = s.source AND n.sha256 = s.sha256 AND n.status <> 'failed')
ORDER BY s.source, s.path;
