-- An acknowledged delivery stops needing attention (see audit/record_acknowledgement.sql).
UPDATE audit.file_manifest
SET status = 'acknowledged', notes = concat_ws('; ', notes, 'acknowledged by an operator: ' || $reason)
WHERE source = $source AND path = $path AND status IN ('failed', 'held');
