-- An operator accepts a held delivery despite its blocking rule: its rows, held in staging, wait again and
-- the next validation merges it, still quarantining rows that break row-level rules.
UPDATE audit.file_manifest
SET status = 'staged', released_reason = $reason, rows_held = 0,
    notes = concat_ws('; ', notes, 'released by an operator: ' || $reason)
WHERE source = $source AND sha256 = $sha256 AND status = 'held';
