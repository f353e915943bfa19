"""Jinja for pages: templates in ``reports/templates``, styles and scripts in ``reports/static``.

Autoescaping is on for every template, so a value that came from a delivery (an offending value in
the quality appendix, say) is shown as text and never executed. Each language gets its own
environment with its gettext catalogue installed.
"""

from __future__ import annotations

from functools import cache

import jinja2
import jinja2.bccache

from pipeline.lib.common import paths
from pipeline.lib.render.i18n import translation

REPORTS_DIR = paths.REPORTS


class _CompiledOnce(jinja2.BytecodeCache):
    """Templates compiled once per process and shared by every language's environment (they differ
    only in the translations installed as globals, which compiled code looks up when it runs)."""

    def __init__(self) -> None:
        self._compiled: dict[tuple[str, str], object] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        bucket.code = self._compiled.get((bucket.key, bucket.checksum))  # type: ignore[assignment]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[(bucket.key, bucket.checksum)] = bucket.code


_COMPILED = _CompiledOnce()


@cache
def environment(locale: str | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        bytecode_cache=_COMPILED,
        loader=jinja2.FileSystemLoader([REPORTS_DIR / "templates", REPORTS_DIR / "static"]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    if locale is None:
        env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    else:
        messages = translation(locale)
        env.install_gettext_callables(messages.gettext, messages.ngettext, newstyle=True)  # type: ignore[attr-defined]
        env.globals["lang_attr"] = messages.lang_attr
        env.globals["locale"] = locale
    return env


def static_text(name: str) -> str:
    return (REPORTS_DIR / "static" / name).read_text(encoding="utf-8")
