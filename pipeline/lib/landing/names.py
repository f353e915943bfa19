"""File names that cannot trick the person reading about them.

A name is delivered content too: a newline in it prints a fake line in ``hrp run`` and ``hrp status``
(and in the alert), a carriage return or an ANSI escape overwrites what came before, a bidirectional
override shows the name reversed. Such files are refused at discovery (never read) and every name
shown to a person passes through ``shown``, which writes those characters as escapes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

# C0 and C1 controls (newline, carriage return, escape, ...), line and paragraph separators, and the
# bidirectional marks, embeddings, overrides and isolates
_TRICKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def is_unsafe(name: str) -> bool:
    return _TRICKS.search(name) is not None


def shown(text: str) -> str:
    """``text`` with every control or direction character written as an escape (``\\x0a``, ``\\u202e``)."""
    return _TRICKS.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def refused_line(relative: str) -> str:
    """The line for a refused name (shown escaped): what is wrong and what to do."""
    return (
        f"{shown(relative)}: its name contains a control or text-direction character (shown escaped here), so it is "
        "not read. To do: rename it without them; the renamed file is read the next night"
    )


def unsafe_names(landing: Path) -> list[str]:
    """Every path under ``landing`` (relative, as people name it) whose name would trick a reader."""
    found = []
    for top, dirs, files in os.walk(landing, followlinks=False):
        for name in [*dirs, *files]:
            if is_unsafe(name):
                found.append((Path(top) / name).relative_to(landing).as_posix())
        dirs[:] = [d for d in dirs if not is_unsafe(d)]
    return sorted(found)
