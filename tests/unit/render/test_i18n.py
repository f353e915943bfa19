"""Translations: complete catalogues, and a message-by-message fallback to English."""

from __future__ import annotations

from pipeline.lib.render.downloads import safe_cell
from pipeline.lib.render.i18n import (
    LOCALE_DIR,
    available_locales,
    extract,
    language_name,
    translation,
    translation_from_po,
)


def test_every_message_the_site_shows_is_in_the_catalogue_template() -> None:
    template = (LOCALE_DIR / "messages.pot").read_text(encoding="utf-8")
    missing = [m.id for m in extract() if m.id and f'msgid "{m.id}"' not in template.replace('"\n"', "")]
    assert missing == [], "run `hrp i18n` to refresh reports/locale"


def test_english_and_kyrgyz_are_shipped() -> None:
    assert available_locales() == ["en", "ky"]
    ky = translation("ky")
    assert ky.gettext("Download CSV") == "CSV жүктөп алуу"
    assert len(ky.translated) > 120


def test_a_missing_translation_falls_back_to_english_and_only_that_one() -> None:
    po = (LOCALE_DIR / "ky" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    without = po.replace('msgstr "CSV жүктөп алуу"', 'msgstr ""')
    assert without != po
    ky = translation_from_po(without.encode("utf-8"), "ky")
    assert ky.gettext("Download CSV") == "Download CSV"
    assert ky.lang_attr("Download CSV") == ' lang="en"'
    assert ky.gettext("Download JSON") == "JSON жүктөп алуу"
    assert ky.lang_attr("Download JSON") == ""
    note = "withheld to protect small numbers (fewer than %(k)s, or a number that would reveal one)"
    assert ky.gettext(note) % {"k": 10} == (
        "кичине сандарды коргоо үчүн жашырылган (10 санынан аз, же ушундай санды ачып бере турган сан)"
    )


def test_english_never_marks_itself() -> None:
    assert translation("en").lang_attr("Anything at all") == ""


def test_csv_cells_cannot_become_formulas() -> None:
    for payload in ('=HYPERLINK("http://x")', "+1+2", "-1+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1"):
        assert str(safe_cell(payload)).startswith("'")
    assert safe_cell("Engineering") == "Engineering" and safe_cell(12.5) == 12.5


def test_plural_forms_follow_the_language_rule_not_english() -> None:
    po = (
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : '
        'n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
        'msgid "%(n)s file"\nmsgid_plural "%(n)s files"\n'
        'msgstr[0] "%(n)s файл"\nmsgstr[1] "%(n)s файла"\nmsgstr[2] "%(n)s файлов"\n'
    )
    ru = translation_from_po(po.encode("utf-8"), "ru")
    shown = [ru.ngettext("%(n)s file", "%(n)s files", n) % {"n": n} for n in (1, 3, 5, 21)]
    assert shown == ["1 файл", "3 файла", "5 файлов", "21 файл"]
    assert ru.ngettext("%(n)s row", "%(n)s rows", 5) == "%(n)s rows"  # untranslated: English's rule


def test_language_names_are_each_language_s_own() -> None:
    assert [language_name(code) for code in available_locales()] == ["English", "Кыргызча"]
