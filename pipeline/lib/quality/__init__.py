"""What good data is: the data contracts (the one place columns, types and values are declared), the
reference tables (each CSV read against a row model), the Great Expectations suites derived from them
plus ``expectations/``, the runner, and kept results. May import ``common`` and ``warehouse``."""
