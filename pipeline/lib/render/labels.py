"""Human labels for codes: department and category names from the repository's reference data,
country and language names from CLDR (via Babel) in the reader's language, enumerations spelled out.

Labels other than CLDR names are English msgids: pages pass them through gettext to translate them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from babel import Locale, UnknownLocaleError

from pipeline.lib.quality.references import reference

REFERENCE_OF = {
    "department": "departments",
    "department_group": "department_groups",
    "owner_department": "departments",
    "category": "case_categories",
    "channel": "channels",
    "course_id": "courses",
}
DIMENSION_LABELS = {
    "department": "Department",
    "department_group": "Department group",
    "owner_department": "Owning department",
    "person_type": "Staff or contractor",
    "language": "Language",
    "category": "Category",
    "affected_group": "Who was affected",
    "severity": "Severity",
    "kind": "Kind of assessment",
    "status": "Status",
    "subject_type": "Subject",
    "request_type": "Type of demand",
    "requester_type": "Requester",
    "country": "Country",
    "outcome": "Outcome",
}
SOURCE_LABELS = {
    "training_records": "Training records",
    "case_outcomes": "Case outcomes",
    "assessment_status": "Assessment status",
    "request_counts": "Request counts",
}
ENUM_LABELS = {
    "staff": "Staff",
    "contractor": "Contractors",
    "volunteer": "Volunteers",
    "reader": "Readers",
    "human_rights_defender": "Human rights defenders",
    "other": "Other",
    "low": "Low",
    "medium": "Medium",
    "high": "High",
    "critical": "Critical",
    "screening": "Screening",
    "impact_assessment": "Impact assessment",
    "periodic_review": "Periodic review",
    "planned": "Planned",
    "in_progress": "In progress",
    "completed": "Completed",
    "mitigations_open": "Mitigations open",
    "closed": "Closed",
    "cancelled": "Cancelled",
    "product": "Products",
    "feature": "Features",
    "algorithmic_system": "Algorithmic systems",
    "grant": "Grants",
    "campaign": "Campaigns",
    "event": "Events",
    "user_data": "User data",
    "content_alteration": "Content alteration",
    "copyright_takedown": "Copyright takedown",
    "emergency_disclosure": "Emergency disclosure",
    "government": "Governments",
    "court": "Courts",
    "law_enforcement": "Law enforcement",
    "private_party": "Private parties",
    "complied_fully": "Complied with fully",
    "complied_partly": "Complied with in part",
    "refused": "Refused",
    "pending": "Pending",
    "unknown": "Not known",
}

# dimensions whose members are names (sorted by name on a page), not steps of a scale
NAMED = frozenset({*REFERENCE_OF, "country", "language"})
COUNTRY_LABELS = {"XX": "Unknown country"}  # codes CLDR does not name (XK, Kosovo, it does)

Translate = Callable[[str], str]


def _identity(text: str) -> str:
    return text


def dimension_label(dimension: str, translate: Translate = _identity) -> str:
    return translate(DIMENSION_LABELS.get(dimension, dimension.replace("_", " ").capitalize()))


def source_label(source: str, translate: Translate = _identity) -> str:
    return translate(SOURCE_LABELS.get(source, source.replace("_", " ").capitalize()))


def member_label(dimension: str, code: str, locale: str = "en", translate: Translate = _identity) -> str:
    """The name of a dimension member, in the reader's language where CLDR knows it."""
    if code == "unknown":
        return translate(ENUM_LABELS["unknown"])
    if dimension == "country":
        if code in COUNTRY_LABELS:
            return translate(COUNTRY_LABELS[code])
        return str(_cldr(locale).territories.get(code, code))
    if dimension == "language":
        return str(_cldr(locale).languages.get(code, code))
    if dimension in REFERENCE_OF:
        return translate(reference(REFERENCE_OF[dimension]).label(code))
    return translate(ENUM_LABELS.get(code, code.replace("_", " ").capitalize()))


@functools.cache  # Babel parses a locale given by name on every call: a site build asks some 20,000 times
def _cldr(locale: str) -> Locale:
    try:
        return Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def translatable_labels() -> list[str]:
    """Every label that goes through gettext (for the message catalogues)."""
    labels = (
        set(DIMENSION_LABELS.values())
        | set(ENUM_LABELS.values())
        | set(SOURCE_LABELS.values())
        | set(COUNTRY_LABELS.values())
    )
    for table in set(REFERENCE_OF.values()):
        labels |= {row.get("name") or row.get("title", "") for row in reference(table).rows}
    return sorted(label for label in labels if label)
