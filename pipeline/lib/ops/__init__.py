"""What operators see: console summaries, source freshness, alerts, the generated parts of ``docs/``.
May import any other package of ``pipeline.lib``."""
