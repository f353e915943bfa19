"""Foundations every stage shares: repository paths, the strict loader for configuration files, the
settings model (every ``HRP_*`` variable), the data root's layout, the fiscal calendar, the code version,
named crash points for tests, markdown tables. May import nothing else from ``pipeline``."""
