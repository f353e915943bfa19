"""The board report as the Board gets it: drawn in a browser, printed to PDF, and safe."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader

from pipeline.lib.board.views import MARKING
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.render.browser import print_pdfs
from tests.browser.conftest import watch, write_board_report
from tests.builders import CANARY_PERSON, CANARY_SUMMARY, INJECTION_DEPARTMENT, INJECTION_SUBJECT

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def report_files(small_world_root: DataPaths, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    html, _ = write_board_report(small_world_root, 2025, "report-run", tmp_path_factory.mktemp("board"))
    pdf = html.with_suffix(".pdf")
    print_pdfs({html: pdf}, marking=MARKING)
    return html, pdf


def pdf_text(path: Path) -> str:
    """The PDF's text with ligatures undone (Chromium prints "ff" as one glyph) and spaces collapsed."""
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_every_commitment_and_metric_is_in_the_html(report_files: tuple[Path, Path]) -> None:
    text = report_files[0].read_text(encoding="utf-8")
    catalogue = load_catalogue()
    for commitment in catalogue.commitments:
        assert f'id="{commitment.id}"' in text
    for metric in catalogue.metrics:
        assert f'id="{metric.id}"' in text
    assert "50.0% against a target of at least 92.0%; down 50.0 points on last year (100.0%)." in text
    assert "Generated 25 November 2026 09:30 UTC by run report-run" in text


def test_it_opens_without_network_or_errors_and_every_chart_is_drawn(
    browser: Browser, report_files: tuple[Path, Path]
) -> None:
    page = browser.new_page()
    errors, requests = watch(page)
    page.goto(report_files[0].as_uri())
    assert errors == []
    assert requests == [report_files[0].as_uri()], "the report loads nothing but itself"
    charts = page.locator("figure.chart svg")
    assert charts.count() == len(load_catalogue().metrics)
    for i in range(charts.count()):
        chart = charts.nth(i)
        box = chart.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100
        assert chart.locator("path.point, g.point path").count() > 0 or chart.locator("path").count() > 3
    page.close()


def test_the_pdf_has_its_sections_and_page_numbers(report_files: tuple[Path, Path]) -> None:
    assert len(PdfReader(report_files[1]).pages) >= 8
    text = pdf_text(report_files[1])
    for heading in [
        "Every commitment at a glance",
        "Train staff and contractors in every department, regularly",
        "Give people access to effective remedy",
        "Appendix A: data quality",
        "Appendix B: provenance",
        "People who completed every required course",
    ]:
        assert heading in text
    assert re.search(r"Page 1 of \d+", text)
    assert "50.0%" in text


def test_every_page_of_the_pdf_and_every_attachment_is_marked_confidential(report_files: tuple[Path, Path]) -> None:
    pages = PdfReader(report_files[1]).pages
    unmarked = [i + 1 for i, page in enumerate(pages) if MARKING.upper() not in " ".join(page.extract_text().split())]
    assert unmarked == [], f"pages without the marking: {unmarked}"
    folder = report_files[0].parent
    attached = sorted(folder.glob("board-report-*.csv"))
    assert len(attached) >= 7
    for path in attached:
        rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
        assert rows[0][0] == "classification", path.name
        assert all(row[0] == MARKING for row in rows[1:]), path.name
    appendices = json.loads((folder / "board-report-appendices.json").read_text(encoding="utf-8"))
    assert appendices["classification"] == MARKING


def test_no_person_id_or_free_text_in_html_or_pdf(report_files: tuple[Path, Path]) -> None:
    html = report_files[0].read_text(encoding="utf-8")
    pdf = pdf_text(report_files[1])
    for document in (html, pdf):
        for canary in (CANARY_PERSON, CANARY_SUMMARY, "Айгүл", "pwned-subject", 'document.title="pwned'):
            assert canary not in document


def test_injected_markup_is_escaped_and_never_runs(browser: Browser, report_files: tuple[Path, Path]) -> None:
    html = report_files[0].read_text(encoding="utf-8")
    assert INJECTION_SUBJECT not in html and "<script" not in html
    assert INJECTION_DEPARTMENT not in html
    quarantine = (report_files[0].parent / "board-report-quarantine.csv").read_text(encoding="utf-8")
    assert "onerror" not in quarantine, "a rejected text value is never quoted, not even in an attachment"
    assert "department [withheld] is not in the departments reference" in quarantine, "the row's rule is named"
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(report_files[0].as_uri())
    assert page.title().startswith("Human-rights commitments")
    assert page.locator("img").count() == 0 and dialogs == []
    page.close()


def test_the_docs_pictures_are_shot_at_both_widths_in_every_language(
    browser: Browser, report_files: tuple[Path, Path], sample_site: Path, tmp_path: Path
) -> None:
    """`hrp docs --images`: every picture the README and docs/images name, at its width."""
    from pipeline.lib.ops.screenshots import shoot

    written = shoot(browser, sample_site, report_files[0], "training_completion_rate", tmp_path)
    names = {p.name for p in written}
    for locale in ("en", "ky"):
        for page in ("index", "metric", "transparency"):
            assert {f"{page}-{locale}-1280.png", f"{page}-{locale}-390.png"} <= names
    assert {"board-en-1280.png", "board-en-390.png"} <= names
    for path in written:
        header = path.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n", path
        assert int.from_bytes(header[16:20], "big") == int(path.stem.rsplit("-", 1)[1]), f"{path.name}: its width"
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    for shown in re.findall(r"docs/images/((?:index|metric|transparency|board)-[a-z]+-\d+\.png)", readme):
        assert shown in names, f"README shows {shown}, which hrp docs --images does not make"
