"""Who owns each asset, how it is tagged, and which files make up its code: the pipeline's own catalogue.

In the Dagster UI every asset names its owner, its layer on the data's way (raw → core → marts →
publish), what it holds about people, and a ``code_version`` hashed from the SQL, rules, templates and
modules it is built from, so an asset whose code changed since it was materialised shows as stale.
"""

from typing import Literal

from pipeline.lib.common import paths
from pipeline.lib.common.version import content_version

OWNERS = ["team:accountability-reporting"]

# pseudonymised: person-level rows, ids keyed-hashed; aggregated: counts and shares, not yet protected;
# internal: for the Board, exact numbers; public: on the public site, small counts suppressed
Privacy = Literal["pseudonymised", "aggregated", "internal", "public"]


def asset_tags(layer: str, privacy: Privacy, **extra: str) -> dict[str, str]:
    """Tags every asset carries: ``layer`` and ``privacy``, plus e.g. the ``source`` it comes from."""
    return {"layer": layer, "privacy": privacy, **extra}


def asset_code_version(*patterns: str) -> str:
    """The hash of the files an asset is built from, as globs relative to the repository's top level
    (``sql/marts/*.sql``, ``expectations/x.json``, ``reports/...``) or to the package (``lib/metrics/*.py``)."""
    top = ("sql", "expectations", "reports")
    return content_version(
        (paths.SQL.parent if pattern.split("/", 1)[0] in top else paths.PACKAGE, pattern) for pattern in patterns
    )
