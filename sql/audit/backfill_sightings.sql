-- Warehouses made before sightings were kept: each delivery in the manifest was seen at its path
-- (in delivery order), and what core holds is what counted. Does nothing once done.
INSERT INTO audit.landing_sightings (source, path, sha256, size_bytes, modified_ns, seen_order, run_id, seen_at)
SELECT source, path, sha256, size_bytes, coalesce(modified_ns, 0), delivery_id, run_id, discovered_at
FROM audit.file_manifest AS m
WHERE m.source = {{ source | literal }}
  AND NOT EXISTS (SELECT 1 FROM audit.landing_sightings AS s WHERE s.source = m.source);

INSERT INTO candidates.{{ source }} BY NAME
SELECT * EXCLUDE (_delivery_id) FROM core.{{ table }}
WHERE NOT EXISTS (SELECT 1 FROM candidates.{{ source }})
  AND NOT EXISTS (SELECT 1 FROM audit.counted_deliveries WHERE source = {{ source | literal }});

INSERT INTO audit.counted_deliveries
SELECT DISTINCT {{ source | literal }}, c._file_sha256, delivery_position(m.path)
FROM core.{{ table }} AS c
JOIN audit.file_manifest AS m ON m.source = {{ source | literal }} AND m.sha256 = c._file_sha256
WHERE NOT EXISTS (SELECT 1 FROM audit.counted_deliveries WHERE source = {{ source | literal }});
