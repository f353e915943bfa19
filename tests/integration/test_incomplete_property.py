"""No published request-count figure silently omits a row that was set aside (issue #22).

Seeded random request_counts deliveries, a few files each, with random bad rows: a country no one
knows or an ambiguous one, a request count that does not parse or is negative, a period written as
a report prints it ("2018 H2"), and now and then a file so bad it is held whole. Every count the
outputs would publish (the exact cells the board shows and the site's downloads are made from) must
either equal the true total, counting every delivered row as it reads, the bad ones included, or
be marked incomplete. A row's country that names no country belongs to no country's cell (the
total and the other breakdowns still count it). Values in closed lists (request and requester type)
are kept valid here: a row with a requester type that is not one is not counted in a figure about
one requester type, and is not marked there either (a known limit, in the report).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.disclosure.values import exact, load_rows
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.metrics.incomplete import annotate, missing_rows
from pipeline.lib.warehouse.connection import connect
from tests.builders import request_count, write
from tests.conftest import Ingest, measure

TODAY = date(2026, 11, 25)
HALVES = {"FY2025-H1": ("2024-07-01", "2024-12-31"), "FY2025-H2": ("2025-01-01", "2025-06-30")}
COUNTRIES = ["DE", "FR", "US", "BR", "KE"]
TYPES = ["user_data", "content_alteration", "copyright_takedown", "emergency_disclosure"]
REQUESTERS = ["government", "court", "law_enforcement", "private_party"]
GOVERNMENT = {"government", "court", "law_enforcement"}


@dataclass(frozen=True)
class Tally:
    period: str  # FY2025-H1 | FY2025-H2
    country: str | None  # None: a name that is no country (it counts in no country's cell)
    kind: str
    requester: str
    requests: int
    printed: dict[str, str]  # the row as delivered


# the count metrics fed by request counts, each with the rows it counts
METRICS: dict[str, Callable[[Tally], bool]] = {
    "requests_received": lambda t: True,
    "government_demands_received": lambda t: t.requester in GOVERNMENT,
    "private_requests_received": lambda t: t.requester == "private_party",
}


def _row(period: str, country: str, kind: str, requester: str, requests: str) -> dict[str, str]:
    return request_count(*HALVES[period], country, kind, requester, requests)


def _damaged(rng: random.Random, t: Tally) -> Tally:
    row = dict(t.printed)
    damage = rng.choice(["unknown country", "ambiguous country", "count", "negative", "period", "requester", "kind"])
    country: str | None = t.country
    if damage == "unknown country":
        row["country"], country = "Atlantis", None
    elif damage == "ambiguous country":
        row["country"], country = rng.choice(["Korea", "Virgin Islands"]), None
    elif damage == "count":
        row["requests"] = rng.choice(["-", "n/a", "12.5"])
    elif damage == "negative":
        row["requests"] = "-1"
        return Tally(t.period, country, t.kind, t.requester, -1, row)
    elif damage == "requester":  # not one of the contract's words: it may have been any requester
        row["requester_type"] = rng.choice(["gov", "Police", ""])
    elif damage == "kind":
        row["request_type"] = rng.choice(["data", "User Data"])
    else:
        row["period_start"] = "2024 H2" if t.period == "FY2025-H1" else "2025 H1"
    return Tally(t.period, country, t.kind, t.requester, t.requests, row)


def deliveries(seed: int) -> list[list[Tally]]:
    """Two to four files of distinct keys; in each a third of the rows or fewer damaged (never all),
    and now and then a file whose rows are mostly negative counts (held whole)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible examples, not secrets
    keys = [(p, c, k, q) for p in HALVES for c in COUNTRIES for k in TYPES for q in REQUESTERS]
    rng.shuffle(keys)
    files: list[list[Tally]] = []
    for _ in range(rng.randint(2, 4)):
        chosen, keys = keys[: rng.randint(4, 9)], keys[9:]
        good = [Tally(*key, n := rng.randint(0, 40), _row(*key, str(n))) for key in chosen]
        if rng.random() < 0.25:  # held whole: most rows break a row rule
            files.append([_damaged_negative(t) if i else t for i, t in enumerate(good)])
            continue
        bad = rng.sample(range(1, len(good)), rng.randint(1, len(good) // 3))
        files.append([_damaged(rng, t) if i in bad else t for i, t in enumerate(good)])
    return files


def _damaged_negative(t: Tally) -> Tally:
    return Tally(t.period, t.country, t.kind, t.requester, -1, {**t.printed, "requests": "-1"})


def truth(files: list[list[Tally]]) -> dict[tuple[str, str, str, str | None, str | None], float]:
    """Every count cell as the rows delivered say, every row counted (a negative one as it reads)."""
    found: dict[tuple[str, str, str, str | None, str | None], float] = defaultdict(float)
    for t in (t for f in files for t in f):
        attrs = {"request_type": t.kind, "requester_type": t.requester, "country": t.country}
        for metric, counts in METRICS.items():
            if not counts(t):
                continue
            for breakdown in load_catalogue().metric(metric).breakdowns:
                members = [attrs[d] for d in breakdown]
                if any(m is None for m in members):
                    continue
                member_1, member_2 = [*members, None, None][:2]
                for period in (t.period, "FY2025"):
                    found[(metric, period, ",".join(breakdown), member_1, member_2)] += t.requests
    return found


@pytest.mark.parametrize("seed", range(5))
def test_no_published_request_count_silently_omits_a_row_set_aside(
    paths: DataPaths, ingest: Ingest, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HRP_TODAY", TODAY.isoformat())
    files = deliveries(seed)
    for i, f in enumerate(files):
        write(paths.landing_for("request_counts"), f"report-{i}.csv", [t.printed for t in f])
    ingest("request_counts")
    measure(paths, (2025,), TODAY)
    catalogue = load_catalogue()
    with connect(paths.warehouse) as con:
        public = exact(catalogue, annotate(load_rows(con, catalogue), missing_rows(con, catalogue)))
        held = con.execute("SELECT count(*) FROM audit.file_manifest WHERE status = 'held'").fetchall()[0][0]
        set_aside = con.execute("SELECT count(*) FROM audit.quarantine").fetchall()[0][0]
    assert held + set_aside > 0, "every example sets rows aside"
    expected = truth(files)
    silent = []
    for metric in METRICS:
        for c in public[metric].cells:
            if c.period_id not in ("FY2025", *HALVES) or c.value is None or c.reported_for_year:
                continue
            true = expected.get((metric, c.period_id, c.breakdown, c.member_1, c.member_2), 0.0)
            if c.value != true and not c.missing:
                silent.append((metric, c.period_id, c.breakdown, c.member_1, c.member_2, c.value, true))
    assert not silent, f"published short without saying so (seed {seed}): {silent[:5]}"
