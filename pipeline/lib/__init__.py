"""Plain-Python core of the pipeline, no Dagster: every rule is testable directly.

Subpackages follow the data's way, and each imports only from those before it in this list
(``tests/unit/test_architecture.py`` enforces it):

``common``     paths, settings, the fiscal calendar, code version, crash points, markdown tables
``warehouse``  DuckDB connections, the writer lock, SQL files, pseudonyms, transactions
``quality``    the data contracts, Great Expectations suites and runner, kept results
``landing``    finding deliveries and reading them into DuckDB
``ingest``     raw → staging → validation verdicts → quarantine, held deliveries, core
``metrics``    the metric catalogue and targets, marts, standing against target
``publish``    disclosure control, labels, translations, charts, the site, the board report, publication
``ops``        what operators see: summaries, freshness, alerts, generated docs
"""

LAYERS: tuple[str, ...] = ("common", "warehouse", "quality", "landing", "ingest", "metrics", "publish", "ops")
