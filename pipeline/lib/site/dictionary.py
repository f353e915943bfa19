"""The data dictionary of a download folder: what each file holds and what each column means.

Written per language beside the CSVs (``data/<language>/dictionary.csv``, itself a CSV so that it
opens where the data opens): one row per file, then one row per column of each kind of file. Column
names are the same in every language (a script that reads one file reads them all); their meanings,
and the words a status column may hold, are explained here in the reader's language.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.lib.render.downloads import CSV_ENCODING, csv_text
from pipeline.lib.render.transparency import COLUMNS
from pipeline.lib.site.localised import Localised

METRIC_FILE = "<metric>.csv"
TRANSPARENCY_FILE = "transparency-<period>.csv"
NAME = "dictionary.csv"


def metric_columns(loc: Localised) -> dict[str, str]:
    _ = loc._
    return {
        "period": _("The period's code: a fiscal year (FY2026) or a half of it (FY2026-H1)."),
        "period_name": _("The period as the page names it."),
        "period_kind": _("year or half."),
        "fiscal_year": _("The fiscal year the period belongs to."),
        "breakdown": _("Empty for the total; else the dimensions the row is broken down by, joined by a comma."),
        "dimension_1": _("The first dimension of a breakdown (empty for the total)."),
        "member_1": _("The code of the row's member of the first dimension."),
        "member_1_name": _("The name of that member."),
        "dimension_2": _("The second dimension of a breakdown of two (else empty)."),
        "member_2": _("The code of the row's member of the second dimension."),
        "member_2_name": _("The name of that member."),
        "value": _(
            "The figure: a whole number for counts, a fraction from 0 to 1 for shares, days for durations. "
            "Empty when there is no figure to give (see status and reporting), never 0. A file with empty "
            "cells reads counts as whole numbers in polars; pandas needs dtype Int64 for them."
        ),
        "status": _("published, withheld (to protect small numbers) or no data (nothing delivered for the period)."),
        "based_on": _(
            "What a share or a median is of: the requests or people it counts, as a whole number. Empty "
            "for counts, and where the base is withheld or not published (see based_on_status)."
        ),
        "based_on_status": _(
            "published, withheld, or not published (the base of a share or median about people within a "
            "breakdown is a count of people the site does not publish); empty where there is no base."
        ),
        "reporting": _(
            "Empty when everything behind the figure was reported; else partly reported, not reported, "
            "reported for the whole year (only) or no data."
        ),
        "period_status": _(
            "complete; to date when the period had not ended; incomplete when rows of the delivery were "
            "set aside or held and the figure does not count them (see rows_not_counted), until they are "
            "delivered again; accepted as incomplete when the organisation accepted the figure without them; "
            "empty where the figure is withheld or held back. For figures about people, as at their release."
        ),
        "rows_not_counted": _(
            "How many delivered rows the figure does not count (incomplete or accepted as incomplete); else empty."
        ),
    }


def transparency_columns(loc: Localised) -> dict[str, str]:
    _ = loc._
    columns = {
        "period": _("The period's code: a fiscal year (FY2026) or a half of it (FY2026-H1)."),
        "country": _("The requester's country as an ISO 3166 code; XX for an unknown country; total for the total."),
        "country_name": _("The country's name."),
    }
    for column, label, unit in COLUMNS:
        columns[column] = _(label)
        columns[f"{column}_status"] = _(
            "Beside %(column)s: empty when published, withheld, partly reported, not reported, no data, "
            "not yet released or held back (accounts are figures about people, out only at releases), "
            "or none (nothing of this kind in the period: no figure, not 0).",
            column=column,
        )
        if unit == "share":
            columns[f"{column}_based_on"] = _("The number of requests the share %(column)s is of.", column=column)
    return columns


def rows(loc: Localised, files: list[str], titles: dict[str, str]) -> list[dict[str, str]]:
    """One row per file (what it holds), then each column of each kind of file; ``titles``: each
    metric's title by its id (a metric's file is named by its id)."""
    _ = loc._
    described = []
    for name in sorted(files):
        if name.startswith("transparency-"):
            what = _("The transparency report's table for one period, a row per country and the total.")
        else:
            what = _("Every published value of one metric (the page of the same name), per period and breakdown.")
            what = f"{_(titles[name.removesuffix('.csv')])}. {what}"
        described.append({"file": name, "column": "", "meaning": what})
    for pattern, columns in ((METRIC_FILE, metric_columns(loc)), (TRANSPARENCY_FILE, transparency_columns(loc))):
        described += [{"file": pattern, "column": c, "meaning": meaning} for c, meaning in columns.items()]
    return described


def write(folder: Path, loc: Localised, titles: dict[str, str]) -> Path:
    """The dictionary of the CSVs already in ``folder``."""
    files = [p.name for p in folder.glob("*.csv") if p.name != NAME]
    path = folder / NAME
    path.write_text(csv_text(rows(loc, files, titles), ["file", "column", "meaning"]), encoding=CSV_ENCODING)
    return path
