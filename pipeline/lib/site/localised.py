"""Numbers, periods, names and notes in one reader's language (Babel's CLDR data, the site's catalogues)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.disclosure.protect import Status
from pipeline.lib.disclosure.values import PublicCell
from pipeline.lib.render.i18n import Translation
from pipeline.lib.render.labels import NAMED, dimension_label, member_label, source_label
from pipeline.lib.render.transparency import collation_key


@dataclass(frozen=True)
class Waiting:
    """The release a period's figures about people wait for: not yet due, or held back by the last
    release (a late correction to a figure already released, not yet safe to publish) and tried again."""

    day: date
    held_back: bool = False


@dataclass(frozen=True)
class Localised:
    """Numbers, periods and names in one reader's language (frozen: the period labels it keeps
    depend on ``today`` and ``messages``)."""

    locale: str
    messages: Translation
    k: int
    today: date
    # a site build formats some 17,000 numbers and periods per language: Babel parses a locale given by
    # name on every call, and a period's label is the same every time it is shown
    _cldr: Locale = field(init=False, repr=False, compare=False)
    _periods: dict[tuple[str, FiscalCalendar], str] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_cldr", Locale.parse(self.locale))  # a frozen dataclass's own derived field

    def _(self, text: str, **values: Any) -> str:
        translated = self.messages.gettext(text)
        return str(translated % values) if values else translated

    def value(self, cell: PublicCell | None, unit: str, due: Waiting | None = None) -> str:
        """A value as shown; ``due``: the release a figure about people waits for, when the period
        has not been released yet or was held back (its figures exist, they are not out: never "no data")."""
        if cell is None:
            if due is None:
                return self._("no data")
            if due.held_back:
                return self._("held back (tried again on %(day)s)", day=self.day(due.day))
            return self._("not yet released (due %(day)s)", day=self.day(due.day))
        if cell.public_status != "published":
            return self._("withheld")
        if cell.reporting == "no data":
            return self._("no data")
        if cell.reporting == "for the year":
            return self._("reported for the whole year")
        if cell.reporting == "not reported":
            return self._("not reported")
        return self.number(cell.value, unit)

    def reporting(self, cell: PublicCell | None) -> str:
        """The note a value needs when not everything behind it was reported."""
        if cell is None or cell.reporting != "partly":
            return ""
        if cell.reported_for_year:
            return self._("partly: some figures were reported for the whole year only")
        return self._("partly reported: some figures are not stated")

    def shortfall(self, cell: PublicCell | None) -> str:
        """What a published value does not count, said where the number is: rows of its delivery set
        aside or held ("incomplete"), or accepted without them by the organisation."""
        if cell is None or cell.public_status != "published":
            return ""
        if cell.missing:
            return self._("incomplete: delivered rows not counted: %(n)s", n=self.number(cell.missing, "count"))
        if cell.accepted:
            return self._(
                "accepted as incomplete: delivered rows not counted: %(n)s", n=self.number(cell.accepted, "count")
            )
        return ""

    def cell_note(self, cell: PublicCell, with_base: bool = False) -> str:
        """The table's note for a value: how it was reported and what it is "of", kept apart so that
        they never run into each other. Why a value is withheld is not repeated on every row (a page
        of one long note said nothing more than once would): each table says it once, below it."""
        parts = [self.shortfall(cell), self.reporting(cell)]
        if with_base and cell.based_on:
            parts.append(self._("of %(n)s", n=self.number(cell.based_on, "count")))
        return "; ".join(part for part in parts if part)

    def number(self, value: float | None, unit: str) -> str:
        if value is None:
            return "–"
        if unit == "share":
            return str(format_percent(value, "#,##0.0%", locale=self._cldr))
        shown = str(format_decimal(round(value, 1), "#,##0.#", locale=self._cldr))
        return self._("%(n)s days", n=shown) if unit == "days" else shown

    def period(self, period_id: str, calendar: FiscalCalendar) -> str:
        if (period_id, calendar) not in self._periods:
            self._periods[(period_id, calendar)] = self._period(period_id, calendar)
        return self._periods[(period_id, calendar)]

    def _period(self, period_id: str, calendar: FiscalCalendar) -> str:
        period = calendar.period(period_id)
        if period.kind == "half":
            label = self._(
                "%(start)s – %(end)s",
                start=format_date(period.start, "MMM y", locale=self._cldr),
                end=format_date(period.end, "MMM y", locale=self._cldr),
            )
        else:
            label = self._("FY%(year)s", year=period.fiscal_year)
        return self._("%(period)s (to date)", period=label) if period.end >= self.today else label

    @staticmethod
    def sentence(text: str) -> str:
        """Sentence case for a heading that starts with a placeholder (a translation may put it first)."""
        return text[:1].upper() + text[1:]

    def source(self, source: str) -> str:
        return source_label(source, self.messages.gettext)

    def day(self, moment: datetime | date | None) -> str:
        return "–" if moment is None else str(format_date(moment, "d MMMM y", locale=self._cldr))

    def member(self, dimension: str | None, code: str | None) -> str:
        return member_label(dimension or "", code or "unknown", self.locale, self.messages.gettext)

    def ordered(self, cells: list[PublicCell]) -> list[PublicCell]:
        """A breakdown's cells in the order a page shows them (and its download lists them): members
        with names (countries, departments, categories) by their name in this language, the unknown
        last; members of a scale (severity, status) in the order they come."""
        if not cells or cells[0].dimension_1 not in NAMED:
            return cells
        return sorted(
            cells,
            key=lambda c: (
                c.member_1 in ("XX", "unknown"),
                collation_key(self.member(c.dimension_1, c.member_1), self.locale),
                c.member_1 or "",
                c.member_2 or "",
            ),
        )

    def dimension(self, name: str) -> str:
        return dimension_label(name, self.messages.gettext)

    def note(self, status: Status) -> str:
        """One neutral note for every hidden figure, whatever the reason inside the protection."""
        if status == "published":
            return ""
        return self._(
            "withheld to protect small numbers (fewer than %(k)s, or a number that would reveal one)", k=self.k
        )
