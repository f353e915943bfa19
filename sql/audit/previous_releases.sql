-- The releases of a warehouse being replaced (hrp rebuild): each content an operator released despite a
-- blocking rule (`hrp release`) whose release stands there (counted, or staged: waiting for the night
-- after the release), with the reason given and the last name it was read under. A release is a
-- decision about those bytes, which no landing file gives again; it follows them wherever landing/
-- holds them (put back under their name after a correction, or kept as a copy). Not one held since for
-- a rule no release overrides. Attached read-only; audit/detach_previous.sql detaches it.
ATTACH {{ previous | literal }} AS previous_warehouse (READ_ONLY);
SELECT m.source, m.sha256, arg_max(m.path, m.delivery_id) AS path,
       arg_max(m.released_reason, m.delivery_id) AS released_reason
FROM previous_warehouse.audit.file_manifest AS m
WHERE m.released_reason IS NOT NULL
  AND (m.status = 'staged'
       OR EXISTS (SELECT 1 FROM previous_warehouse.audit.counted_deliveries AS c
                  WHERE c.source = m.source AND c.sha256 = m.sha256))
GROUP BY m.source, m.sha256
ORDER BY m.source, path;
