"""Benchmarks: the pipeline against bare DuckDB on the same machine (``make bench``)."""
