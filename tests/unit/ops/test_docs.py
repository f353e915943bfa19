"""Generated documentation matches what the pipeline runs on."""

from __future__ import annotations

import pytest

from pipeline.lib.ops.docs import DOCS_DIR, GENERATED


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_page_is_up_to_date(name: str) -> None:
    assert (DOCS_DIR / name).read_text(encoding="utf-8") == GENERATED[name](), f"run `make docs` to refresh {name}"
