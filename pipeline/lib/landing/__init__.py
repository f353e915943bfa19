"""Deliveries as they arrive: finding regular files in the landing area, reading them into DuckDB as
text by the contract. May import ``common``, ``warehouse`` and ``quality``."""
