-- Validated deliveries leave staging (their rows are in core, quarantine, or raw for held ones).
DELETE FROM staging.{{ source }} WHERE _file_sha256 IN (SELECT _file_sha256 FROM chunk_deliveries);
