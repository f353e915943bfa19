"""Foundations every stage shares: repository paths, the data root and settings, the fiscal calendar,
the code version, named crash points for tests, markdown tables. May import nothing else from ``pipeline``."""
