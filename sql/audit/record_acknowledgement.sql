-- An operator has seen a failed or held delivery and decided it needs nothing more (a wrong file
-- moved away, a known gap), or has accepted the figures a loaded delivery's rows set aside leave short
-- (its latest version): the decision is kept with who made it, when and why.
INSERT INTO audit.acknowledgements (source, path, sha256, version, status, reason, acknowledged_at, acknowledged_by)
SELECT source, path, sha256, version, status, $reason, $now, $who
FROM audit.file_manifest AS m
WHERE source = $source AND path = $path
  AND (status IN ('failed', 'held')
       OR (status = 'loaded' AND coalesce(rows_quarantined, 0) > 0
           AND version = (SELECT max(version) FROM audit.file_manifest WHERE source = $source AND path = $path)));
