"""Plain-Python core of the pipeline, no Dagster: every rule is testable directly.

Subpackages follow the data's way; each imports only from those in an earlier rank of ``RANKS``,
so two packages of one rank (the board pack and the site) never import each other
(``tests/unit/test_architecture.py`` enforces it, and that no module takes part in an import cycle):

``common``      paths, the strict loader, settings, the data root's layout, the fiscal calendar, code version,
                crash points, markdown tables
``warehouse``   DuckDB connections, the writer lock, SQL files, pseudonyms, transactions
``quality``     the data contracts, reference tables, Great Expectations suites and runner, kept results
``landing``     finding deliveries and reading them into DuckDB
``ingest``      delivered files → staging → validation verdicts → quarantine, held deliveries, core
``metrics``     the metric catalogue and targets, marts, standing against target
``inference``   what a reader can work out from what is published: the relations, the problem, its attacker
``disclosure``  what may be published about people: the policy, secondary suppression, the public cells
``render``      templates, translations, labels, charts, downloads, build stamps (shared by the outputs)
``board``       the confidential board pack (exact numbers)      } side by side: neither imports
``site``        the public progress site (protected numbers)      } the other
``release``     publications swapped in atomically, kept for restoring
``ops``         what operators see: summaries, freshness, alerts, generated docs
"""

RANKS: tuple[tuple[str, ...], ...] = (
    ("common",),
    ("warehouse",),
    ("quality",),
    ("landing",),
    ("ingest",),
    ("metrics",),
    ("inference",),
    ("disclosure",),
    ("render",),
    ("board", "site"),
    ("release",),
    ("ops",),
)
LAYERS: tuple[str, ...] = tuple(package for rank in RANKS for package in rank)


def may_import(package: str, other: str) -> bool:
    """Whether ``package`` may import ``other``: itself, or a package of an earlier rank."""
    rank = {name: i for i, names in enumerate(RANKS) for name in names}
    return package == other or rank[other] < rank[package]
