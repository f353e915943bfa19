-- An operator has seen a failed or held delivery and decided it needs nothing more (a wrong file
-- moved away, a known gap): the decision is kept with its reason.
INSERT INTO audit.acknowledgements (source, path, sha256, version, status, reason, acknowledged_at)
SELECT source, path, sha256, version, status, $reason, $now
FROM audit.file_manifest
WHERE source = $source AND path = $path AND status IN ('failed', 'held');
