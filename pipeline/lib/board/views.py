"""What the board report shows: a view per commitment and metric, and the report as a whole.

Plain data, built by ``board.report`` and drawn by ``board.figures`` and ``board.files``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pipeline.lib.board.breakdowns import Member
from pipeline.lib.board.commentary import Commentary
from pipeline.lib.board.transparency import BoardTable
from pipeline.lib.common.fiscal import key
from pipeline.lib.metrics.catalogue import Commitment, Metric
from pipeline.lib.metrics.standing import Standing

STATUS_ORDER = ["missed", "at_risk", "met", "context", "to_date", "incomplete", "no_data"]
REPORT_NAME = "board-report"
# The marking on every page of the PDF and in every attachment: a table copied out of the pack
# still says what it is.
MARKING = "Confidential — for the Board of Trustees"


@dataclass
class MetricView:
    metric: Metric
    standing: Standing
    value: str
    previous: str
    target: str
    halves: list[tuple[str, str]]
    dimension: str | None
    members: list[Member]
    chart_name: str
    order: str = ""  # how the members are ordered, in words (board.breakdowns)
    chart: str = ""
    change: str = ""  # since last year, signed, in the metric's unit
    change_class: str = ""  # "better" or "worse" where the metric has a direction
    spark: str = ""  # the trend over the fiscal years, as a small SVG
    note: str | None = None  # how the year relates to its halves, when not by adding up
    commentary: Commentary | None = None

    @property
    def needs_commentary(self) -> bool:
        """An at-risk or missed metric must say why and what is being done."""
        return self.standing.status in ("at_risk", "missed") and self.commentary is None


@dataclass
class CommitmentView:
    commitment: Commitment
    metrics: list[MetricView]

    @property
    def status(self) -> str:
        statuses = [m.standing.status for m in self.metrics]
        return next((s for s in STATUS_ORDER if s in statuses), "no_data")


@dataclass
class BoardReport:
    fiscal_year: int
    period: str
    commitments: list[CommitmentView]
    quality: dict[str, Any]
    inputs: list[dict[str, Any]]
    code_version: str
    run_id: str
    generated_at: datetime
    counts: dict[str, int] = field(default_factory=dict)
    commentary_is_example: bool = False
    transparency: list[BoardTable] = field(default_factory=list)  # the transparency report's tables
    # the public site's periods the last release held back: the Board sees exact figures the public
    # does not have yet, and should know it (metric id -> periods)
    held_back: dict[str, list[str]] = field(default_factory=dict)

    @property
    def metrics(self) -> list[MetricView]:
        return [m for c in self.commitments for m in c.metrics]

    @property
    def missing_commentary(self) -> list[MetricView]:
        return [m for m in self.metrics if m.needs_commentary]

    @property
    def title(self) -> str:
        return f"Human-rights commitments: annual report to the Board, {key(self.fiscal_year)}"
