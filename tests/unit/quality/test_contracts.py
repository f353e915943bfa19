"""The contracts are well formed and reference data comes from maintained libraries."""

from __future__ import annotations

import pytest

from pipeline.lib.common.settings import SOURCES
from pipeline.lib.quality.contracts import Column, all_contracts
from pipeline.lib.quality.references import reference, required_course_ids


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
        ("assessment_status", "subject_name", "restricted"),
        # ids of records, cases and assessments: keys, never quoted (a shifted column could hold a name)
        ("training_records", "record_id", "restricted"),
        ("case_outcomes", "case_id", "restricted"),
        ("assessment_status", "assessment_id", "restricted"),
    }


def test_country_and_language_references_hold_codes_not_names() -> None:
    countries = reference("countries")
    assert {"KG", "US", "DE"} <= set(countries.codes)
    assert all(len(code) == 2 and code.isupper() for code in countries.codes)
    assert len(set(countries.codes)) == len(countries.codes)
    assert not {"ZZ", "kg", "Kyrgyzstan", "KGZ"} & set(countries.codes)
    assert countries.label("KG") == "Kyrgyzstan"
    languages = reference("languages")
    assert {"ky", "kir", "en", "eng", "ar"} <= set(languages.codes)
    assert not {"xx", "EN", "English"} & set(languages.codes)
    assert languages.label("kir") == languages.label("ky") == "Kirghiz"


def test_some_courses_are_required() -> None:
    assert required_course_ids() and set(required_course_ids()) < set(reference("courses").codes)


@pytest.mark.parametrize(
    ("sensitivity", "stored_as", "dropped", "shown"),
    [
        ("none", "notes", False, False),  # text is never quoted (a shifted column could hold a name)
        ("person_id", "person_pseudonym", False, False),
        ("free_text", "notes", True, False),
        ("restricted", "notes", False, False),
    ],
)
def test_sensitivity_alone_decides_hashing_dropping_and_showing(
    sensitivity: str, stored_as: str, dropped: bool, shown: bool
) -> None:
    """No rule is keyed on a column's name: a column called anything gets what its sensitivity says."""
    column = Column(name="notes", type="string", required=False, description="x", sensitivity=sensitivity)
    assert (column.stored_name, column.is_dropped, column.may_be_shown) == (stored_as, dropped, shown)
    parsed = Column(name="notes", type="date", required=False, description="x", sensitivity=sensitivity)
    assert parsed.may_be_shown == (sensitivity == "none"), "a date is shown as the pipeline parsed it"
