"""The metric catalogue (``pipeline/catalogue/metrics.yaml``) and the targets of each fiscal year.

The catalogue is the single description of every metric: what it means in plain words, the SQL
that computes it, its unit, dimensions, target and direction, whether it is public and how its
numbers are protected. Targets may change from year to year: ``targets/FY<year>.yaml`` overrides
the catalogue's default target for that year.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, Literal

import yaml
from pydantic import Field, field_validator, model_validator

from pipeline.lib.common import paths
from pipeline.lib.common.config import ConfigError, Strict, load_yaml, parse, shown_path
from pipeline.lib.common.settings import Source
from pipeline.lib.warehouse.sql import SQL_DIR

CATALOGUE_DIR = paths.CATALOGUE
Aggregate = Literal["ratio", "sum", "median"]
Direction = Literal["higher", "lower", "none"]


# What a metric's numbers are about, which decides how they are protected by default:
#   people   staff, contractors, the people behind cases, the owners of accounts: small counts suppressed
#   demands  demands made by governments, courts, law enforcement and companies: published exactly
#   work     the organisation's own assessments of its products, grants and events: published exactly
About = Literal["people", "demands", "work"]
Disclosure = Literal["people", "exact"]
Unit = Literal["share", "count", "days"]
UNITS: tuple[Unit, ...] = ("share", "count", "days")
# A coarser dimension and the finer one it groups. Publishing both would let a reader subtract the
# published finer cells from a coarser one and find the withheld ones, so a metric publishes one.
GROUPINGS = {"department_group": "department"}


def _one_line(value: str) -> str:
    return " ".join(value.split())


class Commitment(Strict):
    id: str
    label: str
    policy: str

    @field_validator("policy")
    @classmethod
    def _as_one_line(cls, value: str) -> str:
        return _one_line(value)


class Indicator(Strict):
    framework: str  # RDR (Ranking Digital Rights) | UNGPRF (UN Guiding Principles Reporting Framework)
    id: str
    label: str


# What marked a fiscal year out of date (sql/marts/years_to_compute.sql): each source whose rows
# reached it, with the date that placed them there (None: no one date, or its coverage changed).
Marks = frozenset[tuple[str, str | None]]


class Metric(Strict):
    id: str
    title: str
    commitment: str
    source: Source
    definition: str
    unit: Unit
    sql: str
    aggregate: Aggregate
    dimensions: tuple[str, ...] = ()
    breakdowns: tuple[tuple[str, ...], ...]
    # The dimensions the public site may break down by (all of them when not given). The board
    # report keeps every breakdown; the site publishes only those whose dimensions are all public.
    public_dimensions: tuple[str, ...] | None = None
    # False: the site publishes whole fiscal years only. A metric whose half-years are nearly all too
    # small to publish is shown coarser instead of as a page of "withheld": its halves never reach
    # disclosure control, which protects and audits the years as the only public figures.
    public_halves: bool = True
    direction: Direction = "none"
    public: bool
    about: About
    disclosure_reason: str  # why its numbers are protected, or published exactly (shown on the site)
    disclosure: Disclosure  # the per-metric switch: defaults from `about`, may be set otherwise
    indicators: tuple[Indicator, ...] = ()
    target: int | float | None = None
    # Whether the public site states the target and the figure's standing against it. The policy
    # publishes no numbers; the targets are the Board's, and only those it chose to make public are
    # shown (docs/metrics.md lists which and why): the others stay internal, the site gives the direction.
    public_target: bool = False
    at_risk_margin: float = 0.0
    periods_add_up: bool = False  # a flow: the two half-years add up to the fiscal year
    # The column of the unit (a person) whose observations are kept between nights, in
    # marts.kept__<id>: a night recomputes a past year's observations only for the units its rows
    # changed (lib/metrics/kept.py). The SQL returns that column, one row per unit and period, and
    # reads only the units of the temporary table `only_units` when it is asked to.
    kept_per: str | None = None
    # The date whose fiscal year places a row in this metric's periods (its SQL joins the periods on
    # it): a year a night's rows reach by another date only keeps this metric's values (a course
    # assigned last year and completed this year recomputes last year's completion rate, placed by
    # assigned_on, not last year's median days to complete, placed by completed_on).
    # None: recomputed in every year its source's rows touch (sql/core/touched_years).
    placed_by: str | None = None

    @field_validator("definition", "disclosure_reason")
    @classmethod
    def _as_one_line(cls, value: str) -> str:
        return _one_line(value)

    @model_validator(mode="before")
    @classmethod
    def _disclosure_from_about(cls, data: Any) -> Any:
        """Numbers about people are suppressed, others exact, unless the catalogue says otherwise."""
        if isinstance(data, dict) and "disclosure" not in data and "about" in data:
            return {**data, "disclosure": "people" if data["about"] == "people" else "exact"}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Metric:
        problems = []
        if not (SQL_DIR / "marts" / self.sql).is_file():
            problems.append(f"sql/marts/{self.sql} does not exist")
        for breakdown in self.breakdowns:
            if len(breakdown) > 2 or not set(breakdown) <= set(self.dimensions):
                problems.append(f"breakdown {list(breakdown)} must use at most two of its dimensions")
        public = set(self.public_dimensions if self.public_dimensions is not None else self.dimensions)
        if not public <= set(self.dimensions):
            problems.append(f"public_dimensions {sorted(public - set(self.dimensions))} are not its dimensions")
        for coarse, fine in GROUPINGS.items():
            if {coarse, fine} <= public:
                problems.append(f"publishing both {fine} and {coarse} would let a reader subtract one from the other")
        if self.direction != "none" and self.target is None:
            problems.append("a direction needs a target")
        if self.public_target and (self.target is None or not self.public):
            problems.append("a public target needs a target and a public metric")
        if self.periods_add_up and self.aggregate != "sum":
            problems.append("only sums can add up over periods")
        query = SQL_DIR / "marts" / self.sql
        text = query.read_text(encoding="utf-8") if query.is_file() else ""
        if self.kept_per and text and "only_units" not in text:
            problems.append(f"kept_per needs sql/marts/{self.sql} to read only the units of `only_units` when asked")
        if self.placed_by and text and f"{self.placed_by} BETWEEN p.period_start" not in text:
            problems.append(f"placed_by needs sql/marts/{self.sql} to join the periods on {self.placed_by}")
        touched = SQL_DIR / "core" / "touched_years" / f"{self.source}.sql"
        if self.placed_by and f"'placed_by': '{self.placed_by}'" not in touched.read_text(encoding="utf-8"):
            problems.append(f"placed_by needs sql/core/touched_years/{self.source}.sql to mark its years")
        if problems:
            raise ValueError(f"metric {self.id}: " + "; ".join(problems))
        return self

    def out_of_date(self, marks: Iterable[tuple[str, str | None]]) -> bool:
        """Whether a year marked by these (source, date placing the rows) pairs must recompute this
        metric: its source's rows reached the year, by its own date or by any (None on either side)."""
        return any(
            source == self.source and (None in (placed_by, self.placed_by) or placed_by == self.placed_by)
            for source, placed_by in marks
        )

    @property
    def has_total(self) -> bool:
        return () in self.breakdowns

    @property
    def public_breakdowns(self) -> tuple[tuple[str, ...], ...]:
        """The breakdowns the public site publishes: those using only public dimensions."""
        if self.public_dimensions is None:
            return self.breakdowns
        return tuple(b for b in self.breakdowns if set(b) <= set(self.public_dimensions))

    @property
    def kept_table(self) -> str:
        """Where the observations of a metric with ``kept_per`` are kept (schema marts)."""
        return f"kept__{self.id}"

    @property
    def about_people(self) -> bool:
        """Whether published numbers need small-count suppression."""
        return self.disclosure == "people"


class Related(Strict):
    """Two metrics that answer nearly the same question with different numbers (of different bases):
    one sentence says how they differ, and both pages show it beside their number."""

    metrics: tuple[str, str]
    explanation: str

    @field_validator("explanation")
    @classmethod
    def _as_one_line(cls, value: str) -> str:
        return _one_line(value)


class Catalogue(Strict):
    commitments: tuple[Commitment, ...]
    metrics: tuple[Metric, ...]
    related: tuple[Related, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Catalogue:
        ids = [m.id for m in self.metrics]
        if len(ids) != len(set(ids)):
            raise ValueError("metric ids must be unique")
        commitments = {c.id for c in self.commitments}
        for metric in self.metrics:
            if metric.commitment not in commitments:
                raise ValueError(f"metric {metric.id}: unknown commitment {metric.commitment!r}")
        for pair in self.related:
            if not set(pair.metrics) <= {m.id for m in self.public_metrics}:
                raise ValueError(f"related {list(pair.metrics)}: both must be public metrics of the catalogue")
        return self

    def related_to(self, metric_id: str) -> list[tuple[Related, str]]:
        """Each explanation that pairs this metric with another, with the other metric's id."""
        return [(r, r.metrics[1 - r.metrics.index(metric_id)]) for r in self.related if metric_id in r.metrics]

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

    @property
    def released_on_calendar(self) -> frozenset[str]:
        """The public metrics whose figures change only at a release: those about people, and every
        exact one of a source that has figures about people. An exact figure computed from the same
        rows bounds them (a country's user-data requests are a floor under its accounts): published
        every night beside accounts frozen at the release, a correction to the requests alone pinned
        every withheld country's accounts (a hostile reading, 2026-12-06)."""
        sources = {m.source for m in self.public_metrics if m.about_people}
        return frozenset(m.id for m in self.public_metrics if m.source in sources)


class Targets(Strict):
    """A fiscal year's targets file: metric id -> target, overriding the catalogue's default."""

    targets: dict[str, float] = Field(default_factory=dict)


def parse_catalogue(raw: Any, where: str) -> Catalogue:
    """A catalogue from parsed YAML; :class:`ConfigError` names the file, the key and the reason."""
    return parse(Catalogue, raw, where)


@cache
def load_catalogue() -> Catalogue:
    return load_yaml(CATALOGUE_DIR / "metrics.yaml", Catalogue)


def parse_targets(raw: Any, where: str, catalogue: Catalogue) -> dict[str, float]:
    """A targets file's overrides; only metrics with a direction (and so a default target) may have one."""
    overrides = parse(Targets, raw or {}, where).targets
    defaults = {m.id for m in catalogue.metrics if m.target is not None}
    unknown = sorted(set(overrides) - defaults)
    if unknown:
        raise ConfigError(f"{where}: targets.{unknown[0]}: not a metric with a target")
    return overrides


def targets_for(fiscal_year: int) -> dict[str, float]:
    """Each metric's target for a fiscal year: the year's file where it says so, else the default."""
    catalogue = load_catalogue()
    targets = {m.id: m.target for m in catalogue.metrics if m.target is not None}
    path = CATALOGUE_DIR / "targets" / f"FY{fiscal_year}.yaml"
    if path.is_file():
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        targets.update(parse_targets(raw, shown_path(path), catalogue))
    return targets  # type: ignore[return-value]
