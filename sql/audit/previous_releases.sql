-- The releases of a warehouse being replaced (hrp rebuild): each path whose latest version an operator
-- released despite a blocking rule (`hrp release`) and that stands (counted, or waiting for the night
-- after the release: not held since for a rule no release overrides), with its content and the reason
-- given. A release is a decision about those bytes, which no landing file gives again. Attached
-- read-only; audit/detach_previous.sql detaches it.
ATTACH {{ previous | literal }} AS previous_warehouse (READ_ONLY);
SELECT source, path, sha256, released_reason
FROM previous_warehouse.audit.file_manifest
QUALIFY row_number() OVER (PARTITION BY source, path ORDER BY version DESC, delivery_id DESC) = 1
    AND released_reason IS NOT NULL AND status IN ('staged', 'loaded')
ORDER BY source, path;
