"""The DuckDB warehouse: short-lived connections under the writer lock, SQL loaded from ``sql/``,
transactions (``transaction(con)``), keyed pseudonyms of person ids (hashed inside DuckDB).
May import ``common`` only."""
