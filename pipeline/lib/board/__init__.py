"""The confidential annual board pack: what the report shows (exact numbers from the marts), the
management commentary, sparklines, the HTML, its PDF and attached tables. May import ``common``,
``warehouse``, ``quality``, ``metrics``, ``disclosure`` (the cell model, never the protection) and
``render``; never ``site``."""
