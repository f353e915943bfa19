-- A corrected file under the same name settles an older held version of it.
UPDATE audit.file_manifest AS old SET status = 'superseded',
    notes = concat_ws('; ', old.notes, 'superseded by version ' || new.version)
FROM audit.file_manifest AS new
WHERE old.source = $source AND new.source = $source AND old.path = new.path
  AND old.status = 'held' AND new.status = 'loaded' AND new.version > old.version
  AND new.sha256 IN (SELECT sha256 FROM delivery_results);
