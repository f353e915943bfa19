-- The source's paths whose content counts (audit/counted_contents.sql) that no file in landing/
-- holds now, under that name or another, replacing what an earlier run saw. Registered
-- `present_files`: every file in landing/ now, with its content when read tonight (NULL for a file
-- unchanged since it was last seen, or still being written: it holds what it held then). Their rows
-- still count: removing a file withdraws nothing. But a rebuild reads landing/ as it is, and would
-- drop them, so the operator is told (a copy kept under another name still holds them).
{% from "audit/latest_sightings.sql" import latest_sightings %}
DELETE FROM audit.landing_gone WHERE source = {{ source | literal }};
INSERT INTO audit.landing_gone
WITH counted AS (
{% include "audit/counted_contents.sql" %}
),
held AS (
    SELECT coalesce(f.sha256, l.sha256) AS sha256
    FROM present_files AS f
    LEFT JOIN ({{ latest_sightings("path, sha256", source | literal) }}) AS l USING (path)
)
SELECT {{ source | literal }}, c.path, c.sha256, {{ run_id | literal }}, now()::TIMESTAMP
FROM counted AS c
WHERE c.path NOT IN (SELECT path FROM present_files)
  AND c.sha256 NOT IN (SELECT sha256 FROM held WHERE sha256 IS NOT NULL);
