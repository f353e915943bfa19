"""The disclosure policy as reviewed data (``pipeline/catalogue/disclosure_policy.yaml``): the floor
of the small-count threshold k, and the lag of the release calendar (``disclosure.calendar``).

k is policy, not a tuning knob: a run that asks for less than the floor is refused (one line), not
clamped, so nobody believes a site protected at k = 3 was protected at 10.
"""

from __future__ import annotations

from functools import cache

import yaml
from pydantic import Field

from pipeline.lib.common import paths
from pipeline.lib.common.config import Strict, parse
from pipeline.lib.common.settings import SettingsError

POLICY_FILE = "disclosure_policy.yaml"


class ReleasePolicy(Strict):
    days_after_half_year: int = Field(ge=1, le=366)


class DisclosurePolicy(Strict):
    k_floor: int = Field(ge=2)
    releases: ReleasePolicy


class BelowFloorError(SettingsError):
    """A run asked for a threshold below the policy's floor (a setting the policy refuses)."""


@cache
def load_policy() -> DisclosurePolicy:
    path = paths.CATALOGUE / POLICY_FILE
    return parse(DisclosurePolicy, yaml.safe_load(path.read_text(encoding="utf-8")), f"catalogue/{POLICY_FILE}")


def checked_k(k: int) -> int:
    """``k`` when the policy allows it; a one-line refusal otherwise (never a silent clamp)."""
    floor = load_policy().k_floor
    if k < floor:
        raise BelowFloorError(
            f"suppression k = {k} is below the disclosure policy's floor of {floor} "
            f"(pipeline/catalogue/{POLICY_FILE}); refused"
        )
    return k
