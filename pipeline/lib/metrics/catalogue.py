"""The metric catalogue (``pipeline/catalogue/metrics.yaml``) and the targets of each fiscal year.

The catalogue is the single description of every metric: what it means in plain words, the SQL
that computes it, its unit, dimensions, target and direction, whether it is public and how its
numbers are protected. Targets may change from year to year: ``targets/FY<year>.yaml`` overrides
the catalogue's default target for that year.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import yaml

from pipeline.lib.common import paths
from pipeline.lib.common.settings import SOURCES
from pipeline.lib.warehouse.sql import SQL_DIR

CATALOGUE_DIR = paths.CATALOGUE
Aggregate = Literal["ratio", "sum", "median"]
Direction = Literal["higher", "lower", "none"]
UNITS = ("share", "count", "days")


@dataclass(frozen=True)
class Commitment:
    id: str
    label: str
    policy: str


@dataclass(frozen=True)
class Indicator:
    framework: str  # RDR (Ranking Digital Rights) | UNGPRF (UN Guiding Principles Reporting Framework)
    id: str
    label: str


@dataclass(frozen=True)
class Metric:
    id: str
    title: str
    commitment: str
    source: str
    definition: str
    unit: str
    sql: str
    aggregate: Aggregate
    dimensions: tuple[str, ...]
    breakdowns: tuple[tuple[str, ...], ...]
    direction: Direction
    public: bool
    disclosure: Literal["people", "exact"]
    indicators: tuple[Indicator, ...]
    target: float | None = None
    at_risk_margin: float = 0.0
    periods_add_up: bool = False  # a flow: the two half-years add up to the fiscal year

    @property
    def has_total(self) -> bool:
        return () in self.breakdowns

    @property
    def about_people(self) -> bool:
        """Whether published numbers need small-count suppression."""
        return self.disclosure == "people"


@dataclass(frozen=True)
class Catalogue:
    commitments: tuple[Commitment, ...]
    metrics: tuple[Metric, ...]

    def metric(self, metric_id: str) -> Metric:
        for m in self.metrics:
            if m.id == metric_id:
                return m
        raise KeyError(metric_id)

    def commitment(self, commitment_id: str) -> Commitment:
        for c in self.commitments:
            if c.id == commitment_id:
                return c
        raise KeyError(commitment_id)

    def metrics_of(self, commitment_id: str) -> tuple[Metric, ...]:
        return tuple(m for m in self.metrics if m.commitment == commitment_id)

    @property
    def public_metrics(self) -> tuple[Metric, ...]:
        return tuple(m for m in self.metrics if m.public)


def _metric(raw: dict[str, Any], commitments: set[str]) -> Metric:
    metric = Metric(
        id=raw["id"],
        title=raw["title"],
        commitment=raw["commitment"],
        source=raw["source"],
        definition=" ".join(raw["definition"].split()),
        unit=raw["unit"],
        sql=raw["sql"],
        aggregate=raw["aggregate"],
        dimensions=tuple(raw.get("dimensions", ())),
        breakdowns=tuple(tuple(b) for b in raw["breakdowns"]),
        direction=raw.get("direction", "none"),
        public=bool(raw["public"]),
        disclosure=raw["disclosure"],
        indicators=tuple(Indicator(**i) for i in raw.get("indicators", ())),
        target=raw.get("target"),
        at_risk_margin=float(raw.get("at_risk_margin", 0.0)),
        periods_add_up=bool(raw.get("periods_add_up", False)),
    )
    problems = []
    if metric.commitment not in commitments:
        problems.append(f"unknown commitment {metric.commitment!r}")
    if metric.unit not in UNITS:
        problems.append(f"unknown unit {metric.unit!r}")
    if metric.aggregate not in ("ratio", "sum", "median"):
        problems.append(f"unknown aggregate {metric.aggregate!r}")
    if not (SQL_DIR / "marts" / metric.sql).is_file():
        problems.append(f"sql/marts/{metric.sql} does not exist")
    for breakdown in metric.breakdowns:
        if len(breakdown) > 2 or not set(breakdown) <= set(metric.dimensions):
            problems.append(f"breakdown {list(breakdown)} must use at most two of its dimensions")
    if metric.direction != "none" and metric.target is None:
        problems.append("a direction needs a target")
    if metric.source not in SOURCES:
        problems.append(f"unknown source {metric.source!r}")
    if metric.periods_add_up and metric.aggregate != "sum":
        problems.append("only sums can add up over periods")
    if metric.disclosure not in ("people", "exact"):
        problems.append(f"unknown disclosure {metric.disclosure!r}")
    if problems:
        raise ValueError(f"metric {metric.id}: " + "; ".join(problems))
    return metric


@cache
def load_catalogue() -> Catalogue:
    raw = yaml.safe_load((CATALOGUE_DIR / "metrics.yaml").read_text(encoding="utf-8"))
    commitments = tuple(Commitment(c["id"], c["label"], " ".join(c["policy"].split())) for c in raw["commitments"])
    metrics = tuple(_metric(m, {c.id for c in commitments}) for m in raw["metrics"])
    ids = [m.id for m in metrics]
    if len(ids) != len(set(ids)):
        raise ValueError("metric ids must be unique")
    return Catalogue(commitments, metrics)


def targets_for(fiscal_year: int) -> dict[str, float]:
    """Each metric's target for a fiscal year: the year's file where it says so, else the default."""
    targets = {m.id: m.target for m in load_catalogue().metrics if m.target is not None}
    path = CATALOGUE_DIR / "targets" / f"FY{fiscal_year}.yaml"
    if path.is_file():
        overrides = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        unknown = set(overrides.get("targets", {})) - set(targets)
        if unknown:
            raise ValueError(f"{path.name}: targets for metrics without a direction: {sorted(unknown)}")
        targets.update({k: float(v) for k, v in overrides.get("targets", {}).items()})
    return targets  # type: ignore[return-value]
