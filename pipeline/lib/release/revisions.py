"""Revisions protected against the past: what a reader learns by comparing a release with earlier ones.

Every release stays on the record (readers keep copies), so a figure about people revised from 222
to 223 tells that one person was added, and the cells around it which one. A reader holding an
earlier release and the new one knows two publications of two states of the data, and nothing that
ties the two states together: the one's hidden numbers can be anything consistent with it, whatever
the other's are. So how narrowly the reader can pin down the revision of a number of people (new
value minus old) is how narrowly each publication pins down that number, added: the width of the
old interval plus the width of the new one, each found by the protection's own attacker over
everything that publication shows ("any combination with today's figures" is already inside the
new publication's interval). A revision of 1 to k-1 people that is pinned down to fewer than k
values is unsafe; the figures showing it are withheld in the new release and the year protected
again (``release.record``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.lib.inference.problem import Problem, QKey, Status, ViewKey, components
from pipeline.lib.inference.reader import Reader


@dataclass
class Published:
    """One publication of a fiscal year, as its attacker sees it."""

    problem: Problem
    statuses: dict[ViewKey, Status]
    k: int
    _readers: dict[int, Reader] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.counts = {q: self.statuses.get(views[0], "published") for q, views in self.problem.counts.items()}
        self.counts.update(self.problem.carried)
        self.shares = {view: self.statuses.get(view, "published") for view in self.problem.shares}
        # the periods this publication shows (a stock the year before ended with is that year's to compare)
        self.periods = {view[1][0] for views in self.problem.counts.values() for view in views}
        self.periods |= {view[1][0] for view in self.problem.shares}
        self.groups = components(self.problem)
        self.component_of = {q: i for i, group in enumerate(self.groups) for q in group}

    def width(self, q: QKey) -> float:
        """How many values the number can take for a reader of this publication (0: known exactly)."""
        if q not in self.problem.values or self.counts.get(q) == "published":
            return 0.0  # a cell absent from a published breakdown is 0, and a reader knows it
        if q in self.counts:  # a hidden count: the protection proved it spans k values or more
            return float(self.k)
        i = self.component_of[q]
        if i not in self._readers:
            self._readers[i] = Reader(self.problem, self.counts, self.shares, self.k, False, self.groups[i])
        low, high = self._readers[i].interval(((q, 1.0),), self.k)
        return high - low


def unsafe(before: Published, after: Published) -> set[QKey]:
    """The numbers of people whose revision from ``before`` to ``after`` tells about 1 to k-1 people
    and is pinned down to fewer than k values. Periods ``before`` did not publish are not compared:
    their absence was "not yet released", not zero."""
    k = after.k
    found: set[QKey] = set()
    for q in set(before.problem.values) | set(after.problem.values):
        if q[1] not in before.periods:
            continue
        revision = after.problem.values.get(q, 0.0) - before.problem.values.get(q, 0.0)
        if 1 <= abs(revision) <= k - 1 and before.width(q) + after.width(q) < k:
            found.add(q)
    return found


def figures_of(problem: Problem, quantities: set[QKey]) -> frozenset[ViewKey]:
    """The published figures that show these numbers: their count cells and the shares built on them."""
    views = {view for q in quantities for view in problem.counts.get(q, [])}
    views |= {view for view, s in problem.shares.items() if s.numerator in quantities or s.denominator in quantities}
    return frozenset(views)
