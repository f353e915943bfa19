"""Charts: plotly figures rendered once to static SVG (kaleido's page in Debian's Chromium, ``svg_export``).

Static SVG means a chart is visible without JavaScript, prints, and weighs a few kilobytes instead of
plotly.js's megabytes. Rendering is content-addressed: an SVG is kept under the cache folder by the
hash of its figure, so a chart whose numbers did not change is never drawn twice, and a night that
changes little costs little. Plotly stamps a random id into every SVG; it is replaced by the
figure's hash, which keeps the output byte-for-byte reproducible and the ids of several charts on
one page distinct.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.numbers import get_decimal_symbol, get_group_symbol
from markupsafe import escape

from pipeline.lib.common.layout import mark_read
from pipeline.lib.render import browser, svg_export

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif"
INK, MUTED, ACCENT, TARGET, GRID = "#1f2933", "#52606d", "#2f5d8a", "#b4462d", "#e4e7eb"
PALE = "#d9e2ec"  # an incomplete bar's fill, under ACCENT hatching
_UID = re.compile(rb'id="defs-([0-9a-f]+)"')


@dataclass(frozen=True)
class Series:
    """One bar per label; ``highlight`` marks the bar the page is about."""

    labels: Sequence[str]
    values: Sequence[float | None]
    texts: Sequence[str] | None = None  # value labels, formatted for the reader's locale
    highlight: str | None = None
    incomplete: Sequence[bool] = ()  # bars short of rows set aside: hatched and pale, never a clean bar


def _layout(unit: str, locale: str, height: int, horizontal: bool = False, width: int = 640) -> dict[str, Any]:
    value_axis: dict[str, Any] = {"gridcolor": GRID, "zeroline": True, "zerolinecolor": MUTED, "rangemode": "tozero"}
    if unit == "share":
        value_axis.update(tickformat=".0%")
    else:
        value_axis.update(tickformat=",~r")
    # tickangle 0: plotly would otherwise turn labels that do not fit on their side, unreadable on a phone
    category_axis: dict[str, Any] = {"type": "category", "automargin": True, "tickangle": 0, "tickfont": {"size": 12}}
    return {
        "template": "none",
        "width": width,
        "height": height,
        "font": {"family": FONT, "size": 13, "color": INK},
        "margin": {"l": 8, "r": 60 if horizontal else 16, "t": 24, "b": 32 if horizontal else 8},
        "showlegend": False,
        "separators": separators(locale),
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "bargap": 0.35,
        "xaxis": value_axis if horizontal else category_axis,
        "yaxis": {**category_axis, "autorange": "reversed"} if horizontal else {**value_axis, "automargin": True},
    }


LABEL_ROOM = 0.13  # a value label's height (or, lying down, its width) as a share of the value axis's range


def _value_range(unit: str, values: Sequence[float | None], target: float | None) -> list[float]:
    """The value axis's range, fixed so that where a label falls is known before drawing."""
    if unit == "share":
        return [0.0, 1.0]
    top = max([v for v in values if v is not None] + ([target] if target is not None else []) + [0.0])
    return [0.0, (top or 1.0) * (1 + 2 * LABEL_ROOM)]


def label_positions(
    values: Sequence[float | None], target: float | None, span: float
) -> tuple[list[str], list[float | None]]:
    """Where each value label goes so that none crosses the target line.

    A label sits just beyond its bar's end ("outside") unless the target line runs through that
    space; then it sits inside the bar, below its end. A bar too short to hold its label has it
    raised above the target line instead (returned as the height to place it at; None otherwise).
    """
    room = LABEL_ROOM * span
    positions: list[str] = []
    lifted: list[float | None] = []
    for v in values:
        crosses = v is not None and target is not None and v < target <= v + room
        if v is None or not crosses:
            positions.append("outside")
            lifted.append(None)
        elif v >= 1.2 * room:
            positions.append("inside")
            lifted.append(None)
        else:
            positions.append("none")
            lifted.append(target)
    return positions, lifted


def _gap_labels(
    labels: Sequence[str], values: Sequence[float | None], texts: Sequence[str], horizontal: bool
) -> list[dict[str, Any]]:
    """A bar that cannot be drawn (withheld, no data) says so in its slot: an unexplained gap reads as
    a zero or a fault. The words lie level (turned on their side they were cut off at the plot's top
    and hard to read); a slot too narrow for them is a chart that should lie on its side."""
    place = {"x": 0, "xanchor": "left", "xshift": 4} if horizontal else {"y": 0, "yanchor": "bottom", "yshift": 4}
    return [
        {
            **place,
            ("y" if horizontal else "x"): label,
            "text": text,
            "showarrow": False,
            "font": {"size": 11, "color": MUTED},
        }
        for label, value, text in zip(labels, values, texts, strict=True)
        if value is None and text
    ]


def bars(
    series: Series,
    unit: str,
    locale: str = "en",
    target: float | None = None,
    horizontal: bool = False,
    width: int = 640,
) -> dict[str, Any]:
    """A bar chart as a plotly figure dictionary (no plotly import needed to build it); lying on its
    side, each bar's row is as tall as its label's lines."""
    colors = [ACCENT if series.highlight in (None, label) else "#9fb3c8" for label in series.labels]
    short = list(series.incomplete) or [False] * len(series.labels)
    colors = [PALE if s else c for c, s in zip(colors, short, strict=True)]
    values = [None if v is None else float(v) for v in series.values]
    marker: dict[str, Any] = {"color": colors}
    if any(short):
        marker["pattern"] = {"shape": ["/" if s else "" for s in short], "fgcolor": ACCENT, "solidity": 0.3}
    bar: dict[str, Any] = {
        "type": "bar",
        "marker": marker,
        "hoverinfo": "skip",
        "x": values if horizontal else list(series.labels),
        "y": list(series.labels) if horizontal else values,
        "orientation": "h" if horizontal else "v",
    }
    lines = max((label.count("<br>") + 1 for label in series.labels), default=1)
    height = max(180, (14 + 14 * lines) * len(series.labels) + 60) if horizontal else 200
    layout = _layout(unit, locale, height, horizontal, width)
    value_range = _value_range(unit, values, target)
    (layout["xaxis"] if horizontal else layout["yaxis"])["range"] = value_range
    annotations: list[dict[str, Any]] = []
    if series.texts is not None:
        positions, lifted = label_positions(values, target, value_range[1] - value_range[0])
        texts = list(series.texts)
        bar.update(
            text=[t if p != "none" else "" for t, p in zip(texts, positions, strict=True)],
            textposition=[p if p != "none" else "outside" for p in positions],
            insidetextanchor="end",
            constraintext="none",
            cliponaxis=False,
            textfont={"size": 12, "color": ["white" if p == "inside" else INK for p in positions]},
        )
        for label, text, at in zip(series.labels, texts, lifted, strict=True):
            if at is not None:
                place = (
                    {"x": at, "y": label, "xanchor": "left", "xshift": 4}
                    if horizontal
                    else {"x": label, "y": at, "yanchor": "bottom", "yshift": 4}
                )
                annotations.append({**place, "text": text, "showarrow": False, "font": {"size": 12, "color": INK}})
        annotations += _gap_labels(series.labels, values, texts, horizontal)
    if annotations:
        layout["annotations"] = annotations
    if target is not None:
        line = {
            "type": "line",
            "line": {"color": TARGET, "width": 2, "dash": "dash"},
            "xref": "paper",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": target,
            "y1": target,
        }
        if horizontal:
            line.update(xref="x", yref="paper", x0=target, x1=target, y0=0, y1=1)
        layout["shapes"] = [line]
    return {"data": [bar], "layout": layout}


def figure_key(figure: Mapping[str, Any]) -> str:
    import json

    return hashlib.sha256(json.dumps(figure, sort_keys=True, default=str).encode()).hexdigest()


def render_svgs(figures: Mapping[str, Mapping[str, Any]], cache_dir: Path) -> dict[str, str]:
    """SVG text for each named figure: from the cache, or drawn now, all the missing ones in one call to
    the process's browser."""
    return start_rendering(figures, cache_dir)()


def start_rendering(figures: Mapping[str, Mapping[str, Any]], cache_dir: Path) -> Callable[[], dict[str, str]]:
    """``render_svgs`` in two halves: the browser starts drawing the missing figures now, and the
    function returned waits for them (and caches them) when the caller needs the SVG."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    keys = {name: figure_key(fig) for name, fig in figures.items()}
    missing = {keys[name]: fig for name, fig in figures.items() if not (cache_dir / f"{keys[name]}.svg").exists()}
    for key in set(keys.values()) - set(missing):
        mark_read(cache_dir / f"{key}.svg")
    drawing = svg_export.start_drawing(list(missing.values())) if missing else None

    def finish() -> dict[str, str]:
        if drawing is not None:
            for key, svg in zip(missing, drawing.result(timeout=browser.TIMEOUT_SECONDS), strict=True):
                path = cache_dir / f"{key}.svg"
                tmp = path.with_suffix(".tmp")
                tmp.write_bytes(_stable(svg, key))
                tmp.replace(path)
        return {name: (cache_dir / f"{key}.svg").read_text(encoding="utf-8") for name, key in keys.items()}

    return finish


def _stable(svg: bytes, key: str) -> bytes:
    found = _UID.search(svg)
    if found:
        svg = svg.replace(found.group(1), key[:10].encode())
    return svg.replace(b' style=""', b"")


def accessible(svg: str, title: str, description: str) -> str:
    """The SVG with a role, a title and a description that screen readers announce."""
    head, rest = svg.split(">", 1)
    return (
        f'{head} role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f"<desc>{escape(description)}</desc>{rest}"
    )


def separators(locale: str) -> str:
    """Plotly's decimal and thousands separators for a locale, from CLDR (as the site's own numbers)."""
    return f"{get_decimal_symbol(locale)}{get_group_symbol(locale)}"
