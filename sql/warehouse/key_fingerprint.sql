-- The fingerprint of the key the warehouse's pseudonyms were made with (never the key itself).
CREATE SCHEMA IF NOT EXISTS audit;
CREATE TABLE IF NOT EXISTS audit.pseudonym_key (
    fingerprint  VARCHAR NOT NULL,
    recorded_at  TIMESTAMP NOT NULL
);
