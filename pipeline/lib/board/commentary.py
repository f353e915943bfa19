"""Management commentary: why a metric stands where it does, who owns it, and what happens next.

A Board discusses the *why* and the *what now*, which no number carries. The people responsible
write it per fiscal year in ``reports/commentary/FY<year>.yaml``, reviewed like code. The file goes
through the strict loader and is checked against the catalogue (an unknown metric or commitment, a
missing field or a stray one is one line naming the file and the key, not a silent omission), and the
report flags every at-risk or missed metric without it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import Field, ValidationInfo, field_validator

from pipeline.lib.common.config import Strict, load_yaml
from pipeline.lib.metrics.catalogue import Catalogue
from pipeline.lib.render.templates import REPORTS_DIR

COMMENTARY_DIR = REPORTS_DIR / "commentary"


class Commentary(Strict):
    """One metric's (or commitment's) commentary for one fiscal year."""

    why: str = Field(min_length=1, description="why the status is what it is")
    owner: str = Field(min_length=1, description="the role accountable (a role, never a person's name)")
    next_step: str = Field(min_length=1)
    due: date = Field(description="when the next step is due")

    @field_validator("why", "owner", "next_step")
    @classmethod
    def _one_line(cls, text: str) -> str:
        return " ".join(text.split())


class CommentaryFile(Strict):
    """A fiscal year's commentary file."""

    fiscal_year: str = Field(pattern=r"^FY\d{4}$")
    example: bool = Field(description="true while the text is an example written for the demo, not by management")
    metrics: dict[str, Commentary] = Field(default_factory=dict)
    commitments: dict[str, Commentary] = Field(default_factory=dict)

    @field_validator("fiscal_year")
    @classmethod
    def _the_files_year(cls, year: str, info: ValidationInfo) -> str:
        expected = (info.context or {}).get("fiscal_year", year)
        if year != expected:
            raise ValueError(f"{year} in the file of {expected}")
        return year

    @field_validator("metrics", "commitments")
    @classmethod
    def _in_the_catalogue(cls, entries: dict[str, Commentary], info: ValidationInfo) -> dict[str, Commentary]:
        """An entry for something the catalogue does not know would never be shown: refuse it."""
        known = (info.context or {}).get(str(info.field_name))
        unknown = sorted(set(entries) - known) if known is not None else []
        if unknown:
            raise ValueError(f"not in the catalogue: {', '.join(unknown)}")
        return entries


def path_for(fiscal_year: str, folder: Path = COMMENTARY_DIR) -> Path:
    return folder / f"{fiscal_year}.yaml"


def load(fiscal_year: str, catalogue: Catalogue, folder: Path = COMMENTARY_DIR) -> CommentaryFile:
    """The year's commentary, validated; an empty one when nobody has written any yet."""
    path = path_for(fiscal_year, folder)
    if not path.is_file():
        return CommentaryFile(fiscal_year=fiscal_year, example=False)
    known = {
        "fiscal_year": fiscal_year,
        "metrics": {m.id for m in catalogue.metrics},
        "commitments": {c.id for c in catalogue.commitments},
    }
    return load_yaml(path, CommentaryFile, known)
