"""Management commentary: why a metric stands where it does, who owns it, and what happens next.

A Board discusses the *why* and the *what now*, which no number carries. The people responsible
write it per fiscal year in ``reports/commentary/FY<year>.yaml``, reviewed like code. The file is
validated against the catalogue (an unknown metric or commitment, a missing field or a stray one is
an error, not a silent omission), and the report flags every at-risk or missed metric without it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.lib.metrics.catalogue import Catalogue
from pipeline.lib.render.templates import REPORTS_DIR

COMMENTARY_DIR = REPORTS_DIR / "commentary"


class Commentary(BaseModel):
    """One metric's (or commitment's) commentary for one fiscal year."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    why: str = Field(min_length=1, description="why the status is what it is")
    owner: str = Field(min_length=1, description="the role accountable (a role, never a person's name)")
    next_step: str = Field(min_length=1)
    due: date = Field(description="when the next step is due")

    @field_validator("why", "owner", "next_step")
    @classmethod
    def _one_line(cls, text: str) -> str:
        return " ".join(text.split())


class CommentaryFile(BaseModel):
    """A fiscal year's commentary file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fiscal_year: str = Field(pattern=r"^FY\d{4}$")
    example: bool = Field(description="true while the text is an example written for the demo, not by management")
    metrics: dict[str, Commentary] = Field(default_factory=dict)
    commitments: dict[str, Commentary] = Field(default_factory=dict)

    def check_against(self, catalogue: Catalogue) -> None:
        known_metrics = {m.id for m in catalogue.metrics}
        known_commitments = {c.id for c in catalogue.commitments}
        unknown = sorted(set(self.metrics) - known_metrics) + sorted(set(self.commitments) - known_commitments)
        if unknown:
            raise ValueError(f"commentary for {self.fiscal_year} names what the catalogue does not know: {unknown}")


def path_for(fiscal_year: str, folder: Path = COMMENTARY_DIR) -> Path:
    return folder / f"{fiscal_year}.yaml"


def load(fiscal_year: str, catalogue: Catalogue, folder: Path = COMMENTARY_DIR) -> CommentaryFile:
    """The year's commentary, validated; an empty one when nobody has written any yet."""
    path = path_for(fiscal_year, folder)
    if not path.is_file():
        return CommentaryFile(fiscal_year=fiscal_year, example=False)
    parsed = CommentaryFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    if parsed.fiscal_year != fiscal_year:
        raise ValueError(f"{path.name} says it is for {parsed.fiscal_year}")
    parsed.check_against(catalogue)
    return parsed
