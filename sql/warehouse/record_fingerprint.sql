-- The first key used on a warehouse becomes its key (a new key goes through `hrp rekey`).
INSERT INTO audit.pseudonym_key
SELECT $fingerprint, now()::TIMESTAMP
WHERE NOT EXISTS (SELECT 1 FROM audit.pseudonym_key);
