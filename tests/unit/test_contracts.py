"""The contracts are well formed and reference data comes from maintained libraries."""

from __future__ import annotations

import pycountry

from pipeline.lib.common.settings import SOURCES
from pipeline.lib.quality.contracts import all_contracts, reference, required_course_ids


def test_every_source_has_a_contract_with_its_key() -> None:
    assert [c.source for c in all_contracts()] == list(SOURCES)
    for contract in all_contracts():
        assert contract.key and set(contract.key) <= set(contract.column_names)
        assert all(contract.column(k).required for k in contract.key)


def test_personal_columns_are_declared() -> None:
    sensitive = {
        (c.source, col.name, col.sensitivity) for c in all_contracts() for col in c.columns if col.sensitivity != "none"
    }
    assert sensitive == {
        ("training_records", "person_id", "person_id"),
        ("case_outcomes", "summary", "free_text"),
        ("assessment_status", "subject_name", "free_text"),
    }


def test_countries_and_languages_come_from_pycountry() -> None:
    assert len(reference("countries").codes) == len(pycountry.countries)
    assert {"KG", "US", "DE"} <= set(reference("countries").codes)
    languages = set(reference("languages").codes)
    assert {"ky", "kir", "en", "eng", "ar"} <= languages


def test_some_courses_are_required() -> None:
    assert required_course_ids() and set(required_course_ids()) < set(reference("courses").codes)
