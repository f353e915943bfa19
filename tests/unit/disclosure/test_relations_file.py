"""The disclosure relations are a strict model: a misspelled key, a wrong type, a lost section or a
quantity the catalogue does not publish is one line naming the file, the key and the reason."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from pipeline.lib.common import paths
from pipeline.lib.common.config import ConfigError, parse
from pipeline.lib.inference.relations import RelationsFile, load_relations, validation_context
from pipeline.lib.metrics.catalogue import load_catalogue

WHERE = "pipeline/catalogue/disclosure_relations.yaml"


def _raw() -> dict[str, Any]:
    return yaml.safe_load((paths.CATALOGUE / "disclosure_relations.yaml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_the_real_file_loads_with_every_relation() -> None:
    relations = load_relations()
    raw = _raw()
    assert len(relations.same) == len(raw["same"]) and relations.stocks == frozenset(raw["stocks"])
    assert relations.medians == tuple((m["median"], m["of"]) for m in raw["medians"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.update(stoks=r.pop("stocks")), "stoks: extra key not permitted"),
        (lambda r: r.update(stoks=r.pop("stocks")), "stocks: required key missing"),
        (lambda r: r["same"][0].update(iss=r["same"][0].pop("is")), "same.0.iss: extra key not permitted"),
        (lambda r: r["within"][1].update({"in": ["cases_opened"]}), "within.1.in: Input should be a valid string"),
        (lambda r: r.update(flows="cases_remedy_share.numerator"), "flows: Input should be a valid tuple"),
        (
            lambda r: r["medians"][0].update(of="cases_open_backlgo"),
            "medians.0.of: unknown quantity 'cases_open_backlgo'",
        ),
        (lambda r: r["same"][1].update(quantity="cases_remedy_share.denominatr"), "same.1.quantity: unknown quantity"),
        (
            lambda r: r["at_least"][0].update(by="cases_opened"),  # a number about people bounds nothing
            "at_least.0.by: 'cases_opened' is not a public metric published exactly",
        ),
    ],
)
def test_a_broken_relations_file_is_one_line_per_problem(
    change: Callable[[dict[str, Any]], None], message: str
) -> None:
    raw = copy.deepcopy(_raw())
    change(raw)
    with pytest.raises(ConfigError) as caught:
        parse(RelationsFile, raw, WHERE, validation_context(load_catalogue()))
    lines = str(caught.value).splitlines()
    assert all(line.startswith(f"{WHERE}: ") for line in lines)
    assert any(message in line for line in lines), lines
