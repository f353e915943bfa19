"""Whether a public figure is on track against its public target, in words that never overclaim.

The index tells a reader, beside each number, which way is good and, where the catalogue makes the
target public (``public_target``: the policy publishes no numbers, the Board's targets are shown only
where it chose to), whether the last complete year met it. The comparison is the board's own rule
(``metrics.standing``) applied to the figure as published, so a reader can check it against what
the page shows. A figure that is withheld, not yet released, incomplete or without data is never
compared: the page says why not, in words, and never "on track". "Incomplete" is kept for a figure
that does not count rows it was sent (set aside or held); one whose sources did not report it all
is "partly reported", as its page and download say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pipeline.lib.disclosure.values import PublicCell
from pipeline.lib.metrics.catalogue import Metric
from pipeline.lib.metrics.standing import standing
from pipeline.lib.site.localised import Localised, Waiting

Track = Literal["on_track", "at_risk", "off_track", "not_assessed", "no_public_target", "context"]
Unassessed = Literal[
    "", "withheld", "held back", "not yet released", "incomplete", "partly reported", "no data", "to date"
]
TRACKS: dict[str, Track] = {"met": "on_track", "at_risk": "at_risk", "missed": "off_track"}


@dataclass(frozen=True)
class Progress:
    track: Track
    target: float | None = None
    why_not: Unassessed = ""  # why a figure with a public target is not compared with it


def progress(metric: Metric, cell: PublicCell | None, target: float | None, due: Waiting | None) -> Progress:
    """A year's published total against the metric's public target (``due``: the release a figure
    about people still waits for, as the index shows it)."""
    if metric.direction == "none":
        return Progress("context")
    if not metric.public_target or target is None:
        return Progress("no_public_target")
    why_not = _why_not(cell, due)
    if why_not or cell is None or cell.value is None:
        return Progress("not_assessed", target, why_not or "no data")
    return Progress(TRACKS[standing(metric, cell.value, None, target).status], target)


def _why_not(cell: PublicCell | None, due: Waiting | None) -> Unassessed:
    if cell is None:
        return "no data" if due is None else "held back" if due.held_back else "not yet released"
    if cell.public_status != "published":
        return "withheld"
    if cell.reporting == "no data":
        return "no data"
    if cell.missing:  # rows set aside or held that it does not count
        return "incomplete"
    if cell.reporting:  # partly or not reported, or for the whole year only: what was delivered is all counted
        return "partly reported"
    return "to date" if cell.to_date else ""


def describe(p: Progress, metric: Metric, loc: Localised, year: str) -> tuple[str, list[str]]:
    """The status in words (empty where there is no public target) and the sentences beside it."""
    direction = loc._("Higher is better.") if metric.direction == "higher" else loc._("Lower is better.")
    if p.track == "context":
        return "", [loc._("For context: no target.")]
    if p.track == "no_public_target" or p.target is None:
        return "", [direction, loc._("No public target.")]
    target = loc.number(p.target, metric.unit)
    bound = (
        loc._("Target for %(year)s: at least %(target)s.", year=year, target=target)
        if metric.direction == "higher"
        else loc._("Target for %(year)s: at most %(target)s.", year=year, target=target)
    )
    labels = {
        "on_track": loc._("On track"),
        "at_risk": loc._("At risk: close to the target, not on it"),
        "off_track": loc._("Off track"),
        "not_assessed": loc._("Not assessed"),
    }
    reasons = {
        "withheld": loc._("The figure is withheld, so it is not compared with the target."),
        "not yet released": loc._("The figure is not yet released, so it is not compared with the target."),
        "held back": loc._(
            "The figure is held back: a late correction to a figure already released is held until it "
            "can be published safely, and tried again at the next release."
        ),
        "incomplete": loc._("The figure is incomplete, so it is not compared with the target."),
        "partly reported": loc._("The figure is partly reported, so it is not compared with the target."),
        "no data": loc._("There is no figure to compare with the target."),
        "to date": loc._("The year has not ended, so the figure is not compared with the target yet."),
    }
    return labels[p.track], [*([reasons[p.why_not]] if p.why_not else []), bound, direction]


def on_index(
    metric: Metric, cell: PublicCell | None, due: Waiting | None, targets: dict[str, float], loc: Localised, year: str
) -> tuple[Track, str, list[str]]:
    """What the index shows beside a metric's number: its track (for the page's style), the status
    in words and the sentences that say the target and the good direction."""
    p = progress(metric, cell, targets.get(metric.id), due)
    label, sentences = describe(p, metric, loc, year)
    return p.track, label, sentences
