"""Sparklines: a metric's value over the fiscal years as a tiny static SVG, for the report's summary.

Drawn here as plain SVG text (no browser needed): a line through every year's value, a dot on the
year the report is about, the target as a thin dashed line. The scale fits the values and the
target, so the shape shows direction, not magnitude; the number beside it gives the magnitude.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT, PAD = 96.0, 24.0, 3.0
LINE, DOT, TARGET = "#2f5d8a", "#1f2933", "#b4462d"


def sparkline(values: Sequence[float | None], target: float | None, label: str) -> str:
    """An SVG sparkline; an empty string when fewer than two years have a value (nothing to trend)."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return ""
    scale = [v for _, v in known] + ([target] if target is not None else [])
    low, high = min(scale), max(scale)
    span = high - low or 1.0

    def x(i: int) -> float:
        return PAD + i * (WIDTH - 2 * PAD) / max(len(values) - 1, 1)

    def y(v: float) -> float:
        return HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spark" width="{WIDTH:g}" height="{HEIGHT:g}" '
        f'viewBox="0 0 {WIDTH:g} {HEIGHT:g}" role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>'
    ]
    if target is not None:
        parts.append(
            f'<line x1="0" x2="{WIDTH:g}" y1="{y(target):.1f}" y2="{y(target):.1f}" stroke="{TARGET}" '
            'stroke-width="1" stroke-dasharray="3 2"/>'
        )
    points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in known)
    parts.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="1.6"/>')
    last_i, last_v = known[-1]
    parts.append(f'<circle cx="{x(last_i):.1f}" cy="{y(last_v):.1f}" r="2.4" fill="{DOT}"/>')
    parts.append("</svg>")
    return "".join(parts)
