"""Sentences that explain how a metric's numbers relate to each other, for the report and the site.

Executives and readers add up half-years and expect the year. For flows (events counted in a
period) that holds; for shares judged at the end of a period, medians and counts of what stands at a
period's end it does not, and a number that looks wrong without explanation is a number nobody
trusts. The sentence follows from how the catalogue says the value is aggregated, so a new metric
gets the right one without anyone remembering to write it.
"""

from __future__ import annotations

from pipeline.lib.metrics.catalogue import Metric

RATIO = (
    "The year's share counts everything in the year once and judges it at the year's end, so it is not "
    "the average of the two half-years."
)
MEDIAN = "The year's median is the middle of all the year's values, not the average of the two half-years' medians."
STOCK = (
    "This counts what stands at the end of the period, so the year's figure is the count at the year's end, "
    "not the sum of the two half-years."
)
FLOW = "The two half-years add up to the year."


def year_versus_halves(metric: Metric) -> str | None:
    """One sentence when a year's value is not the sum (or mean) of its halves; None when it is."""
    if metric.aggregate == "ratio":
        return RATIO
    if metric.aggregate == "median":
        return MEDIAN
    if not metric.periods_add_up:
        return STOCK
    return None


def calculation(metric: Metric) -> str:
    """How the year's value is made from its halves, always one sentence (the site's "Calculation")."""
    return year_versus_halves(metric) or FLOW


def all_sentences() -> list[str]:
    """Every sentence this module can show (for the message catalogues)."""
    return [RATIO, MEDIAN, STOCK, FLOW]
