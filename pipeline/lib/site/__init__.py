"""The public progress site: protected values as pages in every language, charts, the
transparency tables, downloads and what each number was made from. May import ``common``,
``warehouse``, ``quality``, ``metrics``, ``disclosure`` and ``render``; never ``board``."""
