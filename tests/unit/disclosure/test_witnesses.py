"""The release audit reads the whole-number solutions the protection found (``cache.load_witnesses``):
two solutions of its own program k apart prove a hidden number safe without a solve. A witness is
evidence only once checked against the auditor's own program: a false one proves nothing, and an
unreadable file is no file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from pipeline.lib.disclosure import cache, protect
from pipeline.lib.inference import audit, reader
from pipeline.lib.inference.problem import Constraint, Problem, QKey, Status
from pipeline.lib.inference.relations import load_relations
from pipeline.lib.release.revise import published
from tests.unit.disclosure.test_disclosure import CATALOGUE, K, case_rows, cases

HALVES = {"FY2025": ("FY2025-H1", "FY2025-H2")}


def solves(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one with every program the readers solve."""
    calls: list[int] = []
    run = reader.Reader._run

    def counted(self: reader.Reader) -> bool:
        calls.append(1)
        return run(self)

    monkeypatch.setattr(reader.Reader, "_run", counted)
    return calls


def test_the_audit_of_what_was_protected_needs_few_solves_with_its_witnesses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = case_rows(cases(1, 220))
    about_people = [m for m in CATALOGUE.public_metrics if m.about_people]
    statuses = protect.protect_publication(about_people, rows, HALVES, K, cache=tmp_path)
    year = published(about_people, (rows, []), HALVES, load_relations(), K, statuses)
    witnesses = cache.load_witnesses(tmp_path, year.problem, K)
    assert witnesses, "the protection kept the solutions it found"

    calls = solves(monkeypatch)
    assert audit.unsafe(year.problem, year.counts, year.shares, K) == []
    alone = len(calls)
    calls.clear()
    assert audit.unsafe(year.problem, year.counts, year.shares, K, audit.Memo(solutions=witnesses)) == []
    assert alone >= 10 and len(calls) < alone / 4, f"{len(calls)} solves with the witnesses, {alone} without"

    kept = next((tmp_path / "witnesses").iterdir())
    entries = json.loads(kept.read_text(encoding="utf-8"))
    members, labels, points = entries[0]
    damaged = [[members, labels, [p[:-1] for p in points]], [members, not labels, points[0]], *entries[1:]]
    kept.write_text(json.dumps(damaged), encoding="utf-8")  # one number short, a flat list: no witnesses
    read = cache.load_witnesses(tmp_path, year.problem, K)
    assert len(read) == len(entries) - 1 and all(p.shape[1] == len(m) for (m, _), p in read.items())
    short = {key: points[:, :-1] for key, points in witnesses.items()}  # handed over directly: ignored too
    assert audit.unsafe(year.problem, year.counts, year.shares, K, audit.Memo(solutions=short)) == []

    kept.write_text("[[[1, 2", encoding="utf-8")  # half written
    assert cache.load_witnesses(tmp_path, year.problem, K) == {}


def test_a_false_witness_proves_nothing() -> None:
    """Opened = closed + open, opened and closed published (20, 17): the 3 still open are worked out
    exactly. A "witness" with 13 open and 7 closed would spread them over 10 values, but it is no
    solution of what is published, and the number stays unsafe."""
    opened, still_open, closed = (("cases", "FY2025", part, None, None) for part in ("", "open", "closed"))
    problem = Problem(
        values={opened: 20.0, still_open: 3.0, closed: 17.0},
        structure=[Constraint(((opened, 1.0), (still_open, -1.0), (closed, -1.0)), 0.0, 0.0)],
    )
    for q in problem.values:
        problem.counts[q].append((q[0], (q[1], q[2], None, None)))
    counts: dict[QKey, Status] = {opened: "published", still_open: "small", closed: "published"}
    members = tuple(sorted(problem.values))
    false = np.array([[20.0 if q == opened else 13.0 if q == still_open else 7.0 for q in members]])
    memo = audit.Memo(solutions={(members, False): false, (members, True): false})
    found = audit.unsafe(problem, counts, {}, K, memo)
    assert [t.item for t in found] == [still_open]


def test_a_witness_too_large_to_check_exactly_proves_nothing() -> None:
    """total = a + b and total = a + c, c published (12): b is 12 exactly. A "witness" with a and total
    at 10^18 and b at 12 + k breaks the first row by k, but in floating point -10^18 - (12 + k) + 10^18
    is 0: numbers no publication reaches are refused before any row is summed."""
    a, b, c, total = (("m", "FY2025", part, None, None) for part in ("a", "b", "c", "total"))
    problem = Problem(
        values={a: 20.0, b: 12.0, c: 12.0, total: 32.0},
        structure=[
            Constraint(((total, 1.0), (a, -1.0), (b, -1.0)), 0.0, 0.0),
            Constraint(((total, 1.0), (a, -1.0), (c, -1.0)), 0.0, 0.0),
        ],
    )
    for q in problem.values:
        problem.counts[q].append((q[0], (q[1], q[2], None, None)))
    counts: dict[QKey, Status] = {a: "secondary", b: "secondary", c: "published", total: "secondary"}
    members = tuple(sorted(problem.values))

    def point(value_of_b: float) -> np.ndarray:
        return np.array([[{a: 1e18, b: value_of_b, c: 12.0, total: 1e18}[q] for q in members]])

    memo = audit.Memo(solutions={(members, False): point(12.0 + K), (members, True): point(13.0)})
    assert [t.item for t in audit.unsafe(problem, counts, {}, K, memo)] == [b]
