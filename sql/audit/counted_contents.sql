-- The source's paths whose content counts: its latest sighting is content loaded or released, or
-- staged to be validated (as a delivery just released is), with that content's hash and size. A
-- rebuild reads landing/ as it is, so it reads the same rows only while landing/ holds each of these
-- contents, under that name or another (audit/record_gone.sql each night; the rebuild's own check).
{% from "audit/latest_sightings.sql" import latest_sightings %}
SELECT s.path, s.sha256, s.size_bytes
FROM (
    {{ latest_sightings("path, sha256, size_bytes", source | literal) }}
) AS s
WHERE EXISTS (SELECT 1 FROM audit.file_manifest AS m
              WHERE m.source = {{ source | literal }} AND m.sha256 = s.sha256
                AND m.status IN ('loaded', 'released', 'staged'))
ORDER BY s.path
