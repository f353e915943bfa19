"""Translations: complete catalogues, and a message-by-message fallback to English."""

from __future__ import annotations

from pipeline.lib.publish.i18n import LOCALE_DIR, available_locales, extract, translation, translation_from_po
from pipeline.lib.publish.site import safe_cell


def test_every_message_the_site_shows_is_in_the_catalogue_template() -> None:
    template = (LOCALE_DIR / "messages.pot").read_text(encoding="utf-8")
    missing = [m.id for m in extract() if m.id and f'msgid "{m.id}"' not in template.replace('"\n"', "")]
    assert missing == [], "run `hrp i18n` to refresh reports/locale"


def test_english_and_kyrgyz_are_shipped() -> None:
    assert available_locales() == ["en", "ky"]
    ky = translation("ky")
    assert ky.gettext("Download CSV") == "CSV жүктөп алуу"
    assert len(ky.messages) > 120


def test_a_missing_translation_falls_back_to_english_and_only_that_one() -> None:
    po = (LOCALE_DIR / "ky" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    without = po.replace('msgstr "CSV жүктөп алуу"', 'msgstr ""')
    assert without != po
    ky = translation_from_po(without.encode("utf-8"), "ky")
    assert ky.gettext("Download CSV") == "Download CSV"
    assert ky.lang_attr("Download CSV") == ' lang="en"'
    assert ky.gettext("Download JSON") == "JSON жүктөп алуу"
    assert ky.lang_attr("Download JSON") == ""
    assert ky.gettext("fewer than %(k)s") % {"k": 10} == "10 санынан аз"


def test_english_never_marks_itself() -> None:
    assert translation("en").lang_attr("Anything at all") == ""


def test_csv_cells_cannot_become_formulas() -> None:
    for payload in ('=HYPERLINK("http://x")', "+1+2", "-1+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1"):
        assert str(safe_cell(payload)).startswith("'")
    assert safe_cell("Engineering") == "Engineering" and safe_cell(12.5) == 12.5
