-- pseudonymise(v) = HMAC-SHA256(key, v) in hex, with the key's inner and outer pads as literals of
-- this connection's temporary macro: the key never reaches the database file.
CREATE OR REPLACE TEMP MACRO pseudonymise(v) AS
    sha256({{ outer | blob }} || unhex(sha256({{ inner | blob }} || encode(v))));
