-- Rows rejected by parsing or by a row-level expectation (from the registered quarantine_rows).
INSERT INTO audit.quarantine BY NAME SELECT * FROM quarantine_rows;
