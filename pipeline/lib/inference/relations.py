"""What a reader knows about how the published numbers about people relate to each other, as reviewed
data: ``pipeline/catalogue/disclosure_relations.yaml``, loaded strictly (a relation naming a quantity
the catalogue does not publish is refused, not ignored: the cell it protects would go unprotected).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Annotated

from pydantic import AfterValidator, Field, ValidationInfo

from pipeline.lib.common import paths
from pipeline.lib.common.config import Strict, load_yaml
from pipeline.lib.metrics.catalogue import Catalogue, load_catalogue

QKey = tuple[str, str, str, str | None, str | None]  # quantity, period, breakdown, member 1, member 2
Halves = dict[str, tuple[str, str]]  # fiscal year period id -> its two half-year period ids


@dataclass(frozen=True)
class Relations:
    same: tuple[tuple[str, str | None, str], ...]  # quantity, breakdown (None: all), is
    stocks: frozenset[str]
    flows: frozenset[str]
    within: tuple[tuple[str, str], ...]
    medians: tuple[tuple[str, str], ...] = ()  # median metric, the count metric it is the median of
    stock_flows: tuple[tuple[str, str, str], ...] = ()  # stock, what flows in, what flows out
    # a quantity, the exact metric that bounds it from below, and the members that select its cells
    at_least: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = ()
    people_in_period: frozenset[str] = frozenset()  # distinct people: halves bound the year, not add up to it

    def canonical(self, q: QKey, halves: Halves) -> QKey:
        """The one quantity that ``q`` is (itself, or the cell it duplicates)."""
        for _ in range(4):
            before = q
            for quantity, breakdown, target in self.same:
                if q[0] == quantity and (breakdown is None or q[2] == breakdown):
                    q = (target, *q[1:])
            if q[0] in self.stocks and q[1] in halves:
                q = (q[0], halves[q[1]][1], *q[2:])
            if q == before:
                return q
        raise ValueError(f"disclosure relations loop on {q[0]}")


def _known(name: str, info: ValidationInfo) -> str:
    """A relation naming a quantity the catalogue does not publish would be ignored, and a cell a reader
    can work out would go unprotected: refuse it."""
    if info.context is not None and name not in info.context["quantities"]:
        raise ValueError(f"unknown quantity {name!r} (a metric id, or <metric>.numerator / .denominator)")
    return name


Quantity = Annotated[str, AfterValidator(_known)]


def _exact_metric(name: str, info: ValidationInfo) -> str:
    """A bound must come from a figure published exactly: one about people is itself uncertain."""
    if info.context is not None and name not in info.context["exact"]:
        raise ValueError(f"{name!r} is not a public metric published exactly (disclosure: exact)")
    return name


class SameCells(Strict):
    """``quantity`` (in ``breakdown``, or in every breakdown) is ``is`` published again, cell for cell."""

    quantity: Quantity
    breakdown: str | None = None
    is_: Quantity = Field(alias="is")


class Within(Strict):
    """A cell of ``quantity`` is never larger than the same cell of ``in``."""

    quantity: Quantity
    in_: Quantity = Field(alias="in")


class MedianOf(Strict):
    """A median and the count it is the median of: withheld whenever that count is."""

    median: Quantity
    of: Quantity


class StockFlow(Strict):
    """A stock at a half-year's end is the stock at its start plus ``in`` minus ``out`` in the half-year."""

    stock: Quantity
    in_: Quantity = Field(alias="in")
    out: Quantity


class AtLeast(Strict):
    """A cell of ``quantity`` is at least the cell of the exact metric ``by`` with the members ``where``
    and the same period and members otherwise (accounts named in user-data requests are at least the
    requests: each names one or more)."""

    quantity: Quantity
    by: Annotated[str, AfterValidator(_exact_metric)]
    where: dict[str, str]


class RelationsFile(Strict):
    """``pipeline/catalogue/disclosure_relations.yaml``. Every list is required, even empty: a section
    lost in an edit must not silently drop the protection it gave."""

    same: tuple[SameCells, ...]
    stocks: tuple[Quantity, ...]
    people_in_period: tuple[Quantity, ...]
    flows: tuple[Quantity, ...]
    within: tuple[Within, ...]
    medians: tuple[MedianOf, ...]
    stock_flows: tuple[StockFlow, ...]
    at_least: tuple[AtLeast, ...]


def quantities(catalogue: Catalogue) -> frozenset[str]:
    """Every quantity a relation may name: each metric, and each ratio's numerator and denominator."""
    names = {m.id for m in catalogue.metrics}
    names |= {
        f"{m.id}.{part}" for m in catalogue.metrics if m.aggregate == "ratio" for part in ("numerator", "denominator")
    }
    return frozenset(names)


def validation_context(catalogue: Catalogue) -> dict[str, frozenset[str]]:
    """What the file is checked against: the quantities a relation may name, and the metrics
    published exactly (the only ones that may bound a number of people)."""
    exact = frozenset(m.id for m in catalogue.public_metrics if not m.about_people)
    return {"quantities": quantities(catalogue), "exact": exact}


@cache
def load_relations() -> Relations:
    path = paths.CATALOGUE / "disclosure_relations.yaml"
    file = load_yaml(path, RelationsFile, validation_context(load_catalogue()))
    return Relations(
        tuple((r.quantity, r.breakdown, r.is_) for r in file.same),
        frozenset(file.stocks),
        frozenset(file.flows),
        tuple((r.quantity, r.in_) for r in file.within),
        tuple((r.median, r.of) for r in file.medians),
        tuple((r.stock, r.in_, r.out) for r in file.stock_flows),
        tuple((r.quantity, r.by, tuple(r.where.items())) for r in file.at_least),
        frozenset(file.people_in_period),
    )
