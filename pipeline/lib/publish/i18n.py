"""Translations for the public site: gettext catalogues in ``reports/locale/<lang>/LC_MESSAGES``.

Catalogues are read from their ``.po`` sources at build time (nothing compiled is committed). A
message without a translation falls back to English, message by message — the way the policy text
itself is partly translated — and pages mark such text ``lang="en"`` so screen readers pronounce it
right. ``hrp i18n`` extracts every message (templates, the metric catalogue, labels) into
``messages.pot`` and merges it into each language's ``.po``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po
from markupsafe import Markup

from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.publish.explain import all_sentences
from pipeline.lib.publish.labels import translatable_labels
from pipeline.lib.publish.render import REPORTS_DIR

LOCALE_DIR = REPORTS_DIR / "locale"
DEFAULT_LOCALE = "en"
LANGUAGE_NAMES = {"en": "English", "ky": "Кыргызча"}


@dataclass(frozen=True)
class Translation:
    """One language's messages, with English as the fallback for each missing one."""

    locale: str
    messages: dict[str, str]

    def gettext(self, message: str) -> str:
        return self.messages.get(message) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        translated = self.messages.get(f"{singular}\x00{plural}")
        if translated:
            forms = translated.split("\x00")
            return forms[0] if n == 1 or len(forms) == 1 else forms[1]
        return singular if n == 1 else plural

    def is_translated(self, message: str) -> bool:
        return self.locale == DEFAULT_LOCALE or bool(self.messages.get(message))

    def lang_attr(self, message: str) -> Markup:
        """`` lang="en"`` when ``message`` is shown untranslated on a page in another language."""
        return Markup("" if self.is_translated(message) else f' lang="{DEFAULT_LOCALE}"')  # noqa: S704 - a constant


def available_locales() -> list[str]:
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"))
    return [DEFAULT_LOCALE, *(loc for loc in found if loc != DEFAULT_LOCALE)]


@cache
def translation(locale: str) -> Translation:
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if locale == DEFAULT_LOCALE or not path.exists():
        return Translation(locale, {})
    return translation_from_po(path.read_bytes(), locale)


def translation_from_po(po: bytes, locale: str) -> Translation:
    import io

    catalog = read_po(io.BytesIO(po), locale=locale)
    messages: dict[str, str] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            forms = [s for s in message.string if s] if isinstance(message.string, tuple) else []
            if forms:
                messages["\x00".join(message.id)] = "\x00".join(forms)
        elif message.string:
            messages[str(message.id)] = str(message.string)
    return Translation(locale, messages)


def extract() -> Catalog:
    """Every message the site shows: from the templates, the metric catalogue and the labels."""
    catalog = Catalog(project="hr-accountability-pipeline", charset="utf-8")
    method_map = [("templates/site/**.j2", "jinja2")]
    options = {
        "templates/site/**.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
    }
    for filename, lineno, message, comments, context in extract_from_dir(
        str(REPORTS_DIR), method_map, options_map=options, keywords={"_": None, "gettext": None, "ngettext": (1, 2)}
    ):
        catalog.add(message, None, [(f"reports/{filename}", lineno)], auto_comments=comments, context=context)
    from babel.messages.extract import extract_from_file

    site_module = Path(__file__).with_name("site.py")
    for lineno, message, comments, context in extract_from_file("python", str(site_module), keywords={"_": None}):
        catalog.add(message, None, [("pipeline/lib/publish/site.py", lineno)], auto_comments=comments, context=context)
    data = load_catalogue()
    for commitment in data.commitments:
        catalog.add(commitment.label, locations=[("pipeline/catalogue/metrics.yaml", 0)])
        catalog.add(commitment.policy, locations=[("pipeline/catalogue/metrics.yaml", 0)])
    for metric in data.public_metrics:
        catalog.add(metric.title, locations=[("pipeline/catalogue/metrics.yaml", 0)])
        catalog.add(metric.definition, locations=[("pipeline/catalogue/metrics.yaml", 0)])
    for sentence in all_sentences():
        catalog.add(sentence, locations=[("pipeline/lib/publish/explain.py", 0)])
    for label in translatable_labels():
        catalog.add(label, locations=[("pipeline/lib/publish/labels.py", 0)])
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
