-- The warehouse's key fingerprint, if it has one (table created by warehouse/key_fingerprint.sql).
SELECT fingerprint FROM audit.pseudonym_key ORDER BY recorded_at LIMIT 1;
