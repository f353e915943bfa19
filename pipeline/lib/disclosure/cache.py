"""A content-addressed cache of each fiscal year's disclosure protection.

Protecting a year means attacking it with many mixed-integer programs; a night that changes nothing
about a year should not pay that again. The key is a hash of everything the result depends on: the
year's rows (values, numerators, denominators, units), the metrics about people as catalogued, the
half-years, the relations between quantities, k, and the protection code itself (its source files),
so a change to any of them misses the cache and protects afresh. A corrupt or unreadable entry is
treated as a miss, never trusted.

Beside each year's statuses, the whole-number solutions its attacker found (``witnesses``): the
release audit attacks the same figures again, and two solutions of its own program k apart in a
hidden number prove that number safe without a solve. They are kept by the hash of the program's
values and k, and each is checked against the auditor's own program before it counts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.lib import inference
from pipeline.lib.common.layout import mark_read
from pipeline.lib.inference.problem import Problem, QKey, Status, ViewKey
from pipeline.lib.inference.relations import Halves, Relations
from pipeline.lib.metrics.catalogue import Metric

# the protection is a function of its code and its attacker's: any edit to them protects every year again
CODE = (Path(__file__).parent / "protect.py", Path(__file__), *sorted(Path(inference.__file__).parent.glob("*.py")))
# every field of a row the protection reads: a year reported whole is more than its halves, not their
# sum (reported_for_year); at_least is the bound exact figures put on it (``inference.bounds``)
ROW_FIELDS: tuple[str, ...] = ("metric_id", "period_id", "breakdown", "member_1", "member_2", "value", "numerator")
ROW_FIELDS += ("denominator", "units", "reported_for_year", "at_least")


def year_key(
    metrics: Iterable[Metric],
    rows: Iterable[dict[str, Any]],
    halves: Halves,
    relations: Relations,
    k: int,
    forced: Iterable[ViewKey] = (),
    carried: dict[Any, Any] | None = None,
    pinned: Iterable[ViewKey] = (),
) -> str:
    """The hash of every input one fiscal year's protection depends on."""
    digest = hashlib.sha256()
    for module in CODE:
        digest.update(module.read_bytes())
    inputs = {
        "k": k,
        "forced": sorted(str(view) for view in forced),  # withheld for the revisions' sake
        "carried": sorted(str(item) for item in (carried or {}).items()),  # the year before's stocks
        "pinned": sorted(str(view) for view in pinned),  # published before, unrevised
        "metrics": sorted(m.model_dump_json() for m in metrics),
        "rows": sorted(json.dumps([r.get(f) for f in ROW_FIELDS], default=str) for r in rows),
        "halves": sorted(halves.items()),
        "relations": [
            relations.same,
            sorted(relations.stocks),
            sorted(relations.flows),
            relations.within,
            relations.medians,
            relations.stock_flows,
            relations.at_least,
            sorted(relations.people_in_period),
        ],
    }
    digest.update(json.dumps(inputs, default=str, sort_keys=True).encode())
    return digest.hexdigest()


def load(folder: Path | None, key: str) -> dict[ViewKey, Status] | None:
    """The statuses stored under ``key``, or None (no cache, no entry, or an unreadable one)."""
    if folder is None:
        return None
    try:
        entries = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        statuses = {(view, tuple(cell)): status for view, cell, status in entries}
    except (OSError, ValueError, TypeError):
        return None
    mark_read(folder / f"{key}.json")
    return statuses  # type: ignore[return-value]


def store(folder: Path | None, key: str, statuses: dict[ViewKey, Status]) -> None:
    """Write atomically (a temporary file renamed), so a reader never sees half an entry."""
    if folder is None:
        return
    _write(folder, f"{key}.json", json.dumps([[view, list(cell), status] for (view, cell), status in statuses.items()]))


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"{name}.partial"
    partial.write_text(text)
    partial.replace(folder / name)


Witnesses = dict[tuple[tuple[QKey, ...], bool], np.ndarray]  # by component and reader: solutions, a row each


def store_witnesses(folder: Path | None, problem: Problem, k: int, witnesses: Witnesses) -> None:
    """Kept under ``witnesses/``, apart from the statuses."""
    if folder is not None:
        entries = [
            [[list(q) for q in members], labels, points.tolist()] for (members, labels), points in witnesses.items()
        ]
        _write(folder / "witnesses", _witness_name(problem, k), json.dumps(entries))


def load_witnesses(folder: Path | None, problem: Problem, k: int) -> Witnesses:
    """The solutions found while protecting this very program (none when unknown or unreadable)."""
    try:
        path = None if folder is None else folder / "witnesses" / _witness_name(problem, k)
        entries = json.loads(path.read_text(encoding="utf-8")) if path else []
        loaded = {
            (tuple(tuple(q) for q in members), labels): np.array(points, dtype=float)
            for members, labels, points in entries
        }
    except (OSError, ValueError, TypeError):
        return {}
    if path is not None:
        mark_read(path)
    # a solution has one number per member of its component: any other shape is damage, not a witness
    return {key: p for key, p in loaded.items() if p.ndim == 2 and p.shape[1] == len(key[0]) and len(p)}


def _witness_name(problem: Problem, k: int) -> str:
    values = sorted(json.dumps([*q, v]) for q, v in problem.values.items())
    return f"{hashlib.sha256(json.dumps([k, values]).encode()).hexdigest()}.json"
