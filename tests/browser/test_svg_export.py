"""Charts drawn in the process's browser: the SVG kaleido itself would write, all in one call, and
the same browser that prints the PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.lib.render import browser, charts, svg_export

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _figures() -> list[dict[str, object]]:
    counts = charts.Series(["FY2024", "FY2025", "FY2026"], [12.0, None, 30.0], ["12", "withheld", "30"], "FY2026")
    shares = charts.Series(["Legal", "Operations"], [0.25, 0.8], ["25%", "80%"])
    return [
        charts.bars(counts, "count", target=20.0),
        charts.bars(shares, "share", locale="ky", horizontal=True),
    ]


def test_the_svg_is_the_one_kaleido_writes() -> None:
    import kaleido

    figures = _figures()
    ours = svg_export.draw(figures)
    for figure, svg in zip(figures, ours, strict=True):
        theirs = kaleido.calc_fig_sync(figure, opts={"format": "svg"})
        key = charts.figure_key(figure)
        assert charts._stable(svg, key) == charts._stable(theirs, key)
        assert svg.startswith(b"<svg")


def test_every_figure_of_a_call_is_drawn_in_order_by_one_browser(tmp_path: Path) -> None:
    figures = _figures()
    first = svg_export.draw(figures)
    started = browser.session()._browser
    again = svg_export.draw(list(reversed(figures)))
    assert [charts._stable(s, "k" * 64) for s in again] == [charts._stable(s, "k" * 64) for s in reversed(first)]
    html = tmp_path / "page.html"
    html.write_text(f"<!doctype html><title>t</title><body>{first[0].decode()}</body>", encoding="utf-8")
    browser.print_pdfs({html: tmp_path / "page.pdf"})
    assert (tmp_path / "page.pdf").read_bytes().startswith(b"%PDF")
    assert browser.session()._browser is started  # charts and PDFs share the process's one browser


def test_a_figure_plotly_refuses_fails_the_build() -> None:
    with pytest.raises(svg_export.DrawingError, match="could not draw 1 chart"):
        svg_export.draw([charts.bars(charts.Series(["a"], [1.0]), "count"), {"data": "no traces", "layout": {}}])
