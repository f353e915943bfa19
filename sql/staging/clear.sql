-- Validated deliveries leave staging: their rows are in candidates or quarantine. A held delivery's
-- rows stay, typed, until it is released (the next validation reads them) or settled otherwise
-- (staging/forget_settled.sql).
DELETE FROM staging.{{ source }}
WHERE _file_sha256 IN (SELECT _file_sha256 FROM chunk_deliveries)
  AND _file_sha256 NOT IN (SELECT _file_sha256 FROM held_deliveries);
