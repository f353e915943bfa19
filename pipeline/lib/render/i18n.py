"""Translations for the public site: gettext catalogues in ``reports/locale/<lang>/LC_MESSAGES``.

Catalogues are read from their ``.po`` sources at build time (nothing compiled is committed). A
message without a translation falls back to English, message by message — the way the policy text
itself is partly translated — and pages mark such text ``lang="en"`` so screen readers pronounce it
right. ``hrp i18n`` extracts every message (templates, the metric catalogue, labels) into
``messages.pot`` and merges it into each language's ``.po``.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel import Locale, support
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from markupsafe import Markup

from pipeline.lib.common import paths
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.quality import described
from pipeline.lib.render.explain import all_sentences
from pipeline.lib.render.labels import translatable_labels

LOCALE_DIR = paths.REPORTS / "locale"
DEFAULT_LOCALE = "en"


class Translation:
    """One language's messages (``babel.support.Translations``), English as the fallback for each missing one.

    Plural forms follow the language's CLDR rule (the catalogue's ``Plural-Forms``), not English's.
    """

    def __init__(self, locale: str, messages: support.NullTranslations, translated: frozenset[str]) -> None:
        self.locale = locale
        self.messages = messages
        self.translated = translated  # the msgids that have a (non-fuzzy) translation

    def gettext(self, message: str) -> str:
        return self.messages.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.messages.ngettext(singular, plural, n)

    def is_translated(self, message: str) -> bool:
        return self.locale == DEFAULT_LOCALE or message in self.translated

    def lang_attr(self, message: str) -> Markup:
        """`` lang="en"`` when ``message`` is shown untranslated on a page in another language."""
        return Markup("" if self.is_translated(message) else f' lang="{DEFAULT_LOCALE}"')  # noqa: S704 - a constant


def language_name(locale: str) -> str:
    """The language's own name for itself (CLDR), capitalised as a menu entry: English, Кыргызча."""
    name = Locale.parse(locale).get_display_name(locale) or locale
    return name[:1].upper() + name[1:]


def available_locales() -> list[str]:
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"))
    return [DEFAULT_LOCALE, *(loc for loc in found if loc != DEFAULT_LOCALE)]


@cache
def translation(locale: str) -> Translation:
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if locale == DEFAULT_LOCALE or not path.exists():
        return Translation(locale, support.NullTranslations(), frozenset())
    return translation_from_po(path.read_bytes(), locale)


def translation_from_po(po: bytes, locale: str) -> Translation:
    """Compile a ``.po`` in memory (nothing compiled is committed) into Babel's gettext translations.

    Untranslated and fuzzy messages are left out of the compiled catalogue, so each falls back to its
    English msgid on its own.
    """
    catalog = read_po(io.BytesIO(po), locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    messages = support.Translations(compiled)
    messages.add_fallback(support.NullTranslations())  # English: the msgid itself
    translated = frozenset(
        str(m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalog
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    )
    return Translation(locale, messages, translated)


def extract() -> Catalog:
    """Every message the site shows: from the templates, the metric catalogue and the labels."""
    catalog = Catalog(project="hr-accountability-pipeline", charset="utf-8")
    method_map = [("templates/site/**.j2", "jinja2")]
    options = {
        "templates/site/**.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
    }
    for filename, lineno, message, comments, context in extract_from_dir(
        str(paths.REPORTS), method_map, options_map=options, keywords={"_": None, "gettext": None, "ngettext": (1, 2)}
    ):
        catalog.add(message, None, [(f"reports/{filename}", lineno)], auto_comments=comments, context=context)
    from babel.messages.extract import extract_from_file

    # the site's own sentences (``Localised._``): read as files, so rendering never imports the site
    site_package = Path(__file__).parents[1] / "site"
    for module in sorted(site_package.glob("*.py")):
        where = f"pipeline/lib/site/{module.name}"
        for lineno, message, comments, context in extract_from_file("python", str(module), keywords={"_": None}):
            catalog.add(message, None, [(where, lineno)], auto_comments=comments, context=context)
    data = load_catalogue()
    for commitment in data.commitments:
        catalog.add(commitment.label, locations=[("pipeline/catalogue/metrics.yaml", 0)])
        catalog.add(commitment.policy, locations=[("pipeline/catalogue/metrics.yaml", 0)])
    for metric in data.public_metrics:
        catalog.add(metric.title, locations=[("pipeline/catalogue/metrics.yaml", 0)])
        catalog.add(metric.definition, locations=[("pipeline/catalogue/metrics.yaml", 0)])
        catalog.add(metric.disclosure_reason, locations=[("pipeline/catalogue/metrics.yaml", 0)])
    for pair in data.related:
        catalog.add(pair.explanation, locations=[("pipeline/catalogue/metrics.yaml", 0)])
    for sentence in all_sentences():
        catalog.add(sentence, locations=[("pipeline/lib/render/explain.py", 0)])
    for sentence in described.all_sentences():
        catalog.add(sentence, locations=[("pipeline/lib/quality/described.py", 0)])
    for label in translatable_labels():
        catalog.add(label, locations=[("pipeline/lib/render/labels.py", 0)])
    return catalog


def update_catalogues() -> list[Path]:
    """Write messages.pot and merge it into every language's messages.po (keeping translations)."""
    template = extract()
    written = [LOCALE_DIR / "messages.pot"]
    LOCALE_DIR.mkdir(parents=True, exist_ok=True)
    with written[0].open("wb") as fh:
        write_po(fh, template, omit_header=True, sort_output=True, width=0)
    for locale in available_locales()[1:]:
        path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=locale)
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as fh:
            write_po(fh, catalog, omit_header=True, sort_output=True, width=0, ignore_obsolete=True)
        written.append(path)
    return written
