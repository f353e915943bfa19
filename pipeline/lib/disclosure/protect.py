"""Small-count suppression for the public site: no published number may single a person out, not
on its own and not combined with everything else the site publishes.

Everything published about people (catalogue ``disclosure: people``) is protected as one problem per
fiscal year (no relation crosses years): every metric, breakdown, half-year and year; counts, and
the numerators and denominators behind shares. The same number in two metrics is one cell; subsets
and additivity across metrics and periods are constraints (``inference.problem``).

* **primary**: a count from 1 to k-1 is shown as "fewer than k"; a share is withheld unless at
  least k people are on each side of it (so 0 % and 100 % are never shown: they tell every member's
  outcome); a median is withheld when based on fewer than k observations.
* **secondary**: further counts and shares are hidden until the audit (``disclosure_audit``, a
  mixed-integer program over everything published, shares as the interval their rounding allows)
  finds every hidden count, and the numerator and rest of every share withheld for too few people,
  spread over at least k values, and no labelled count (1..k-1, or >= k when withheld) worked out
  exactly. Cells are hidden next to the unsafe one (or one relation further), least informative
  first: smallest first, parts before totals.

Metrics that count organisations rather than people (``disclosure: exact``) are published exactly.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.lib.disclosure import cache as kept
from pipeline.lib.inference import audit
from pipeline.lib.inference.problem import Key, Problem, QKey, Status, ViewKey, cell_key
from pipeline.lib.inference.relations import Halves, Relations, load_relations
from pipeline.lib.inference.stocks import Carried, build_year, carried_from
from pipeline.lib.metrics.catalogue import Metric

__all__ = ["Key", "Status", "ViewKey", "median_status", "protect_publication", "share_status"]

log = logging.getLogger(__name__)
MAX_ROUNDS = 50


def share_status(numerator: float | None, denominator: float | None, k: int) -> Status:
    """A share is withheld unless at least k people are on each side of it (0 % and 100 % included:
    "all of them" or "none of them" tells each member's outcome)."""
    if numerator is None or denominator is None or denominator <= 0 or k <= 1:
        return "published"  # nothing measured (shown as no value), or no protection asked for (k = 1)
    if numerator < k or denominator - numerator < k:
        return "withheld"
    return "published"


def median_status(units: int | None, k: int) -> Status:
    return "withheld" if units is not None and 1 <= units < k else "published"


def protect_publication(
    metrics: Iterable[Metric],
    rows: list[dict[str, Any]],
    halves: Halves,
    k: int,
    relations: Relations | None = None,
    cache: Path | None = None,
    forced: frozenset[ViewKey] = frozenset(),
    pinned: frozenset[ViewKey] = frozenset(),
) -> dict[ViewKey, Status]:
    """The status of every published figure about people: ``(metric, cell)`` for values, and
    ``("<metric>.denominator", total cell)`` for the "of n" beside a total share. ``forced``: figures
    withheld whatever their size (a revision of them would tell about fewer than k people,
    ``release.revisions``); the audit then makes them as safe as any withheld figure.
    ``pinned``: figures an earlier release published, unrevised: every reader keeps them, so they
    are never chosen to hide another (withholding them now would protect nothing).

    With ``cache`` (a folder), each fiscal year's result is kept under the hash of its inputs
    (``disclosure.cache``): a year whose inputs did not change is not protected again."""
    relations = relations or load_relations()
    about_people = [m for m in metrics if m.about_people]
    statuses: dict[ViewKey, Status] = {}
    by_year: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_year[row["fiscal_year"]].append(row)
    for year in sorted(by_year):  # oldest first: a year starts with the stocks the year before ended with
        carried = carried_from(by_year.get(year - 1, []), statuses, relations)
        key = kept.year_key(about_people, by_year[year], halves, relations, k, forced, carried, pinned)
        cached = kept.load(cache, key)
        if cached is None:
            cached = _protect_year(about_people, by_year[year], halves, k, relations, (forced, pinned), carried, cache)
            kept.store(cache, key, cached)
        statuses.update(cached)
    return statuses


def _protect_year(
    about_people: list[Metric],
    year_rows: list[dict[str, Any]],
    halves: Halves,
    k: int,
    relations: Relations,
    forced_and_pinned: tuple[frozenset[ViewKey], frozenset[ViewKey]],
    carried: Carried,
    cache: Path | None,
) -> dict[ViewKey, Status]:
    """One fiscal year's statuses (only stocks cross years: ``carried``, as the year before published them),
    and in ``cache`` the solutions its attacker found, for the release audit (``cache.load_witnesses``)."""
    statuses: dict[ViewKey, Status] = {}
    problem = build_year(about_people, year_rows, halves, relations, carried)
    memo = audit.Memo()
    counts, shares = _protect(problem, k, memo, *forced_and_pinned)
    kept.store_witnesses(cache, problem, k, memo.solutions)
    for q, views in problem.counts.items():
        statuses.update(dict.fromkeys(views, counts[q]))
    statuses.update(shares)
    counted = dict(relations.medians)
    for metric in about_people:
        if metric.aggregate == "median":
            for row in (r for r in year_rows if r["metric_id"] == metric.id):
                cell = cell_key(row)
                status = median_status(row["units"], k)
                # withheld whenever its count is, for whatever reason: a median shown beside a
                # withheld count would tell the reader that count is not small
                if statuses.get((counted.get(metric.id, ""), cell), "published") != "published":
                    status = "withheld"
                # and whenever it is forced: revised beside a figure standing as first released, it
                # stands too (a contractors' median moving 26.0 -> 26.5 named a late contractor)
                if (metric.id, cell) in forced_and_pinned[0]:
                    status = "withheld"
                statuses[(metric.id, cell)] = status
    return statuses


def _protect(
    problem: Problem,
    k: int,
    memo: audit.Memo,
    forced: frozenset[ViewKey] = frozenset(),
    pinned: frozenset[ViewKey] = frozenset(),
) -> tuple[dict[QKey, Status], dict[ViewKey, Status]]:
    counts: dict[QKey, Status] = {
        q: "small" if 1 <= problem.values[q] <= k - 1 else "published" for q in problem.counts
    }
    shares: dict[ViewKey, Status] = {
        view: share_status(problem.values[s.numerator], problem.values[s.denominator], k)
        for view, s in problem.shares.items()
    }
    counts.update(problem.carried)  # the year before decided these: fixed, or kept uncertain
    for q, views in problem.counts.items():
        if counts[q] == "published" and problem.values[q] > 0 and forced.intersection(views):
            counts[q] = "secondary"
    for view in forced.intersection(shares):
        # withheld like a share of few people: its numerator and rest must then be as uncertain as a hidden count
        shares[view] = "withheld"
    linked = _links(problem)
    kept_out: set[Item] = {q for q, views in problem.counts.items() if pinned.intersection(views)}
    kept_out |= pinned.intersection(shares)
    for _ in range(MAX_ROUNDS):
        _no_lonely_cells(problem, counts, kept_out)
        bad = audit.unsafe(problem, counts, shares, k, memo)
        log.debug("disclosure round: %d unsafe", len(bad))
        if not bad:
            return counts, shares
        progressed = False
        for target in bad:
            chosen = _partner(problem, target.terms, counts, shares, linked, kept_out)
            if chosen is None:  # every figure beside it is hidden: a figure one relation further along
                around = tuple((i, 1.0) for q, _ in target.terms for i in linked[q] if i in problem.values)
                chosen = _partner(problem, around, counts, shares, linked, kept_out)  # type: ignore[arg-type]
            if chosen is None:
                continue
            progressed = True
            if chosen in counts:
                counts[chosen] = "secondary"  # type: ignore[index]
            else:
                shares[chosen] = "secondary"  # type: ignore[index]
        if not progressed:
            break
    log.warning("disclosure: no safe partner left; withholding every non-zero figure of the year")
    counts = {q: "secondary" if s == "published" and problem.values[q] > 0 else s for q, s in counts.items()}
    shares = {v: "secondary" if s == "published" else s for v, s in shares.items()}
    return counts, shares


Item = QKey | ViewKey


def _links(problem: Problem) -> dict[QKey, set[Item]]:
    """For every quantity, the published figures that share a relation with it."""
    owners: dict[QKey, set[Item]] = defaultdict(set)
    for q in problem.counts:
        owners[q].add(q)
    for view, share in problem.shares.items():
        owners[share.numerator].add(view)
        owners[share.denominator].add(view)
    linked: dict[QKey, set[Item]] = defaultdict(set)
    for q in problem.values:
        linked[q] |= owners[q]
    for c in problem.structure:
        members = {q for q, _ in c.terms}
        items = set().union(*(owners[q] for q in members))
        for q in members:
            linked[q] |= items
    return linked


def _partner(
    problem: Problem,
    terms: tuple[tuple[QKey, float], ...],
    counts: dict[QKey, Status],
    shares: dict[ViewKey, Status],
    linked: dict[QKey, set[Item]],
    kept_out: set[Item],
) -> Item | None:
    """The least informative published figure related to the unsafe number (none of ``kept_out``)."""
    candidates: list[tuple[bool, float, str, Item]] = []
    for q, _ in terms:
        for item in linked[q] - kept_out:
            if item in counts and counts[item] == "published" and problem.values[item] > 0:  # type: ignore[index]
                candidates.append((item[2] == "", problem.values[item], str(item), item))  # type: ignore[index,misc]
            elif item in shares and shares[item] == "published":  # type: ignore[comparison-overlap]
                share = problem.shares[item]  # type: ignore[index]
                candidates.append((item[1][1] == "", problem.values[share.denominator], str(item), item))  # type: ignore[index,misc]
    return min(candidates)[3] if candidates else None


def _no_lonely_cells(problem: Problem, counts: dict[QKey, Status], kept_out: set[Item]) -> None:
    """Hide a second count in every equation that hides exactly one (subtraction would reveal it)."""
    equations = [c for c in problem.structure if c.lower == c.upper == 0.0]
    changed = True
    while changed:
        changed = False
        for eq in equations:
            members = {q for q, _ in eq.terms}
            hidden = [q for q in members if counts.get(q, "withheld") != "published"]
            if len(hidden) != 1 or hidden[0] not in counts:
                continue
            candidates = [q for q in members if counts.get(q) == "published" and problem.values[q] > 0]
            candidates = [q for q in candidates if q not in problem.carried and q not in kept_out]
            if candidates:
                counts[min(candidates, key=lambda q: (q[2] == "", problem.values[q], str(q)))] = "secondary"
                changed = True
