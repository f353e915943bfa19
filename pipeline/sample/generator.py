"""A synthetic organisation that behaves like a real one, for demos, tests and benchmarks.

About 700 staff and contractors in twelve departments over four fiscal years (July to June), with
the shapes that make metrics interesting: training campaigns each September, laggards, people who
leave and are replaced; cases re-exported every night while open; assessments that lapse; request
counts that are mostly zero with a few large countries. The same seed always gives the same files.

Generation streams: people, cases and assessments are made in blocks, and each block is appended
to the delivery files its rows belong to, so ``--scale 1000`` (tens of millions of rows) never
holds more than one block in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import numpy as np
import polars as pl

from pipeline.lib.quality.references import reference, required_course_ids
from pipeline.sample.text import case_summaries, subject_names
from pipeline.sample.writers import DeliverySet, FileFormat

EPOCH = date(1970, 1, 1)
PEOPLE_PER_SCALE = 700
CASES_PER_YEAR = 220
ASSESSMENTS_PER_YEAR = 40
BLOCK = 20_000  # people or cases generated at a time

# Shapes of the organisation (weights, not counts).
DEPARTMENT_WEIGHTS = {
    "ADV": 6,
    "COM": 5,
    "ENG": 22,
    "FIN": 6,
    "LEG": 4,
    "PRD": 14,
    "RES": 5,
    "SAF": 9,
    "TAL": 5,
    "CMT": 12,
    "SEC": 4,
    "OED": 3,
}
DEPARTMENT_DILIGENCE = {"ENG": -0.05, "PRD": -0.02, "SAF": 0.04, "LEG": 0.04, "SEC": 0.03, "ADV": -0.03}
LANGUAGES = (
    ["en"] * 60
    + ["es"] * 6
    + ["fr"] * 6
    + ["de"] * 4
    + ["ar"] * 5
    + ["ru"] * 4
    + ["ky"] * 3
    + ["kir"] * 1
    + ["pt"] * 3
    + ["hi"] * 2
    + ["id"] * 2
    + ["zh"] * 2
    + ["sw"] * 1
    + ["tr"] * 1
)
COUNTRY_WEIGHTS = {
    "US": 30,
    "DE": 12,
    "FR": 10,
    "GB": 9,
    "IN": 8,
    "RU": 7,
    "TR": 6,
    "BR": 5,
    "JP": 4,
    "IT": 3,
    "ES": 3,
    "KR": 2.5,
    "PK": 2,
    "ID": 2,
    "MX": 2,
    "AU": 1.5,
    "CA": 1.5,
    "NL": 1.2,
    "PL": 1,
    "UA": 1,
    "KG": 0.8,
    "KZ": 0.6,
    "EG": 0.6,
    "NG": 0.5,
    "AR": 0.5,
    "IR": 0.5,
    "SA": 0.4,
    "BD": 0.4,
    "PH": 0.4,
    "VN": 0.3,
    "ZA": 0.3,
    "KE": 0.3,
    "SE": 0.3,
    "CH": 0.3,
    "AT": 0.2,
    "BE": 0.2,
    "IL": 0.2,
    "GR": 0.2,
    "PT": 0.2,
    "CZ": 0.15,
    "HU": 0.15,
    "RO": 0.15,
    "TH": 0.15,
    "MY": 0.15,
    "CL": 0.1,
    "CO": 0.1,
    "PE": 0.1,
    "NZ": 0.1,
    "IE": 0.1,
    "TJ": 0.1,
}
REQUEST_TYPE_WEIGHTS = {
    "user_data": 1.0,
    "content_alteration": 1.6,
    "copyright_takedown": 1.2,
    "emergency_disclosure": 0.25,
}
REQUESTER_WEIGHTS = {"government": 0.5, "court": 0.3, "law_enforcement": 0.4, "private_party": 1.0}
# share complied fully, partly, refused, pending
OUTCOME_SHARES = {
    "user_data": (0.05, 0.08, 0.82, 0.05),
    "content_alteration": (0.08, 0.1, 0.78, 0.04),
    "copyright_takedown": (0.3, 0.2, 0.45, 0.05),
    "emergency_disclosure": (0.55, 0.2, 0.2, 0.05),
}
CASE_CATEGORY_WEIGHTS = {
    "harm": 10,
    "harassment": 30,
    "volunteer_threat": 15,
    "surveillance": 6,
    "child_safety": 8,
    "discrimination": 12,
    "privacy": 12,
    "other": 7,
}
AFFECTED_GROUP_WEIGHTS = {
    "volunteer": 45,
    "staff": 10,
    "contractor": 4,
    "reader": 25,
    "human_rights_defender": 8,
    "other": 8,
}
SEVERITY = (("low", 0.38, 40.0), ("medium", 0.35, 28.0), ("high", 0.21, 18.0), ("critical", 0.06, 7.0))
CASE_OUTCOMES = {
    "remedy_provided": 0.42,
    "referred": 0.14,
    "no_violation_found": 0.24,
    "withdrawn": 0.1,
    "unresolved": 0.1,
}
REMEDY_TYPES = (
    "content_removal",
    "account_protection",
    "security_support",
    "apology",
    "policy_change",
    "financial",
    "other",
)


@dataclass(frozen=True)
class SampleSpec:
    """What to generate: a seed, a scale and the span of fiscal years."""

    seed: int = 20211208
    scale: int = 1
    first_fiscal_year: int = 2023  # FY2023 runs July 2022 to June 2023
    fiscal_years: int = 4
    start_month: int = 7
    error_rate: float = 0.0015  # share of rows that break a contract rule, as real deliveries do

    @property
    def start(self) -> date:
        return date(self.first_fiscal_year - 1, self.start_month, 1)

    @property
    def end(self) -> date:
        """Last day of history: the end of the last fiscal year."""
        return date(self.first_fiscal_year - 1 + self.fiscal_years, self.start_month, 1) - timedelta(1)

    def fiscal_year_starts(self) -> list[date]:
        return [date(self.start.year + i, self.start_month, 1) for i in range(self.fiscal_years)]

    def rng(self, *stream: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, *stream])


def _day(d: date) -> int:
    return (d - EPOCH).days


def _dates(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]")


def _pick(rng: np.random.Generator, weights: Mapping[str, float], n: int) -> np.ndarray:
    keys = np.array(list(weights))
    p = np.array(list(weights.values()), dtype=float)
    return rng.choice(keys, size=n, p=p / p.sum())


def _blank_where(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` with None where ``mask`` holds (an object array, as numpy keeps nulls)."""
    result = values.astype(object)
    result[mask] = None
    return result


def _text(values: np.ndarray) -> pl.Series:
    """A string column that may hold nulls (numpy keeps those as objects)."""
    return pl.Series(values=values.tolist(), dtype=pl.String)


def _month_label(days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(_dates(days), unit="M")


def _monthly_names(
    spec: SampleSpec, name: Callable[[str], tuple[str, FileFormat]]
) -> dict[str, tuple[str, FileFormat]]:
    months = np.arange(np.datetime64(spec.start, "M"), np.datetime64(spec.end, "M") + 1)
    return {str(m): name(str(m)) for m in months}


def _training_file(month: str) -> tuple[str, FileFormat]:
    number = int(month[5:])
    fmt: FileFormat = "parquet" if number % 6 == 0 else "jsonl" if number % 6 == 3 else "csv"
    return f"{month[:4]}/{month}.{'jsonl' if fmt == 'jsonl' else fmt}", fmt


def _case_file(month: str) -> tuple[str, FileFormat]:
    fmt: FileFormat = "jsonl" if int(month[:4]) % 2 == 0 else "csv"
    return f"export-{month}.{fmt}", fmt


# --------------------------------------------------------------------------------------- people


@dataclass
class People:
    """Everyone who held a position in a block of positions, with when they held it."""

    person_number: np.ndarray
    department: np.ndarray
    person_type: np.ndarray
    start: np.ndarray  # day numbers
    end: np.ndarray


def _people(spec: SampleSpec, block: int, positions: np.ndarray) -> People:
    """Positions keep their department; each year about one holder in eight leaves and is replaced."""
    rng = spec.rng(1, block)
    n = positions.size
    department = _pick(rng, DEPARTMENT_WEIGHTS, n)
    numbers, departments, types, starts, ends = [], [], [], [], []
    holder = positions * 16
    start = _day(spec.start) - rng.integers(30, 3000, n)
    person_type = np.where(rng.random(n) < 0.74, "staff", "contractor")
    horizon = _day(spec.end) + 1
    for _ in range(12):  # enough successive holders for any position over four years
        leaves = start + np.maximum(30, rng.exponential(8 * 365, n)).astype(np.int64)
        active = start < horizon
        numbers.append(holder[active])
        departments.append(department[active])
        types.append(person_type[active])
        starts.append(start[active])
        ends.append(np.minimum(leaves, horizon + 3650)[active])
        holder = holder + 1
        start = leaves + rng.integers(20, 90, n)
        person_type = np.where(rng.random(n) < 0.74, "staff", "contractor")
    return People(
        np.concatenate(numbers),
        np.concatenate(departments),
        np.concatenate(types),
        np.concatenate(starts),
        np.concatenate(ends),
    )


def _opaque_ids(person_number: np.ndarray, course: str) -> np.ndarray:
    """Assignment ids that are unique per person and course but do not reveal the person's id
    (a multiplicative hash, one-to-one on 32 bits)."""
    course_index = reference("courses").codes.index(course)
    scrambled = ((person_number.astype(np.uint64) * 8 + course_index) * 2654435761) % (1 << 32)
    return np.char.mod("%08X", scrambled.astype(np.int64))


def _person_ids(people: People) -> np.ndarray:
    prefix = np.where(people.person_type == "staff", "E", "C")
    return np.char.add(prefix, np.char.zfill(people.person_number.astype(str), 8))


# ------------------------------------------------------------------------------------- training


def _training_block(spec: SampleSpec, block: int, first: int, n: int) -> pl.DataFrame:
    """Every assignment of one block of people, as delivery rows tagged with their delivery month."""
    rng = spec.rng(2, block)
    people = _people(spec, block, np.arange(first, first + n))
    courses = reference("courses")
    hours_by_course = {r["code"]: float(r["hours"]) for r in courses.rows}
    optional = [c for c in courses.codes if c not in required_course_ids()]
    frames = []
    for fy_index, fy_start in enumerate(spec.fiscal_year_starts()):
        fy_first, fy_last = _day(fy_start), _day(date(fy_start.year + 1, fy_start.month, 1)) - 1
        active = (people.start <= fy_last - 30) & (people.end > fy_first + 20)
        idx = np.flatnonzero(active)
        if idx.size == 0:
            continue
        campaign = fy_first + 62 + rng.integers(0, 28, idx.size)  # early September
        joined_late = people.start[idx] > campaign
        assigned_base = np.where(joined_late, people.start[idx] + rng.integers(0, 14, idx.size), campaign)
        staff = people.person_type[idx] == "staff"
        trend = np.where(staff, (0.88, 0.92, 0.95, 0.965)[min(fy_index, 3)], (0.74, 0.8, 0.86, 0.9)[min(fy_index, 3)])
        diligence = np.vectorize(lambda d: DEPARTMENT_DILIGENCE.get(d, 0.0))(people.department[idx])
        p_complete = np.clip(trend + diligence, 0.3, 0.995)
        # whether someone completes their training is mostly a trait of the person that year
        engaged = rng.random(idx.size) < p_complete
        for course in required_course_ids():
            will_complete = engaged & (rng.random(idx.size) < 0.995)
            assigned = assigned_base + rng.integers(0, 3, idx.size)
            frames.append(
                _assignments(rng, spec, people, idx, course, assigned, will_complete, hours_by_course[course], fy_index)
            )
        for course in optional:
            takes = rng.random(idx.size) < 0.18
            sel = idx[takes]
            jan = fy_first + 184 + rng.integers(0, 50, sel.size)  # a second wave in January
            assigned = np.maximum(jan, people.start[sel])
            will_complete = engaged[takes] & (rng.random(sel.size) < 0.9)
            frames.append(
                _assignments(rng, spec, people, sel, course, assigned, will_complete, hours_by_course[course], fy_index)
            )
    rows = pl.concat([f for f in frames if f.height], how="vertical")
    return _with_training_errors(rng, spec, rows)


def _assignments(
    rng: np.random.Generator,
    spec: SampleSpec,
    people: People,
    idx: np.ndarray,
    course: str,
    assigned: np.ndarray,
    will_complete: np.ndarray,
    course_hours: float,
    fy_index: int,
) -> pl.DataFrame:
    n = idx.size
    if n == 0:
        return pl.DataFrame()
    due = assigned + 60
    exempt = rng.random(n) < 0.015
    laggard = rng.random(n) < 0.08
    staff = people.person_type[idx] == "staff"
    delay = rng.lognormal(np.log(np.where(staff, 16, 26)), 0.7, n) * np.where(laggard, 3.2, 1.0)
    completed = assigned + np.maximum(0, delay).astype(np.int64)
    done = (~exempt) & will_complete & (completed < people.end[idx])
    history_end = _day(spec.end)
    assigned_month = _month_label(assigned)
    completed_month = _month_label(completed)
    same_month = done & (assigned_month == completed_month)
    person_ids = _person_ids(
        People(
            people.person_number[idx],
            people.department[idx],
            people.person_type[idx],
            people.start[idx],
            people.end[idx],
        )
    )
    record_ids = np.char.add(f"TR{spec.first_fiscal_year + fy_index}-", _opaque_ids(people.person_number[idx], course))
    language = rng.choice(np.array(LANGUAGES), n)
    hours = np.round(course_hours * rng.uniform(0.9, 1.3, n), 1)
    base = {
        "record_id": record_ids,
        "person_id": person_ids,
        "person_type": people.person_type[idx],
        "department": people.department[idx],
        "course_id": np.full(n, course),
    }
    first = pl.DataFrame(
        {
            **base,
            "assigned_on": _dates(assigned),
            "due_on": _dates(due),
            "completed_on": np.where(same_month, _dates(completed), np.datetime64("NaT")),
            "status": np.where(exempt, "exempt", np.where(same_month, "completed", "assigned")),
            "hours": hours,
            "language": language,
            "_period": assigned_month,
        }
    ).with_columns(
        pl.when(pl.Series(same_month)).then(pl.col(c)).otherwise(None).alias(c) for c in ("hours", "language")
    )
    later = done & ~same_month & (completed <= history_end)
    second = pl.DataFrame(
        {
            **{k: v[later] for k, v in base.items()},
            "assigned_on": _dates(assigned[later]),
            "due_on": _dates(due[later]),
            "completed_on": _dates(completed[later]),
            "status": np.full(int(later.sum()), "completed"),
            "hours": hours[later],
            "language": language[later],
            "_period": completed_month[later],
        }
    )
    return pl.concat([first, second], how="vertical")


def _with_training_errors(rng: np.random.Generator, spec: SampleSpec, rows: pl.DataFrame) -> pl.DataFrame:
    """A few rows break the contract, as real deliveries do, so the demo shows quarantine at work."""
    broken = rng.random(rows.height) < spec.error_rate
    kind = rng.integers(0, 3, rows.height)
    return rows.with_columns(
        pl.when(pl.Series(broken & (kind == 0)))
        .then(pl.lit("DPT-9"))
        .otherwise(pl.col("department"))
        .alias("department"),
        pl.when(pl.Series(broken & (kind == 1)))
        .then(pl.lit("HR-999"))
        .otherwise(pl.col("course_id"))
        .alias("course_id"),
        pl.when(pl.Series(broken & (kind == 2)) & pl.col("completed_on").is_not_null())
        .then(pl.col("assigned_on") - pl.duration(days=3))
        .otherwise(pl.col("completed_on"))
        .alias("completed_on"),
    )


# ---------------------------------------------------------------------------------------- cases


def _cases_block(spec: SampleSpec, block: int, first_case: int, n: int) -> pl.DataFrame:
    """``n`` cases with their versions (open, investigating, closed) and the nightly re-exports."""
    rng = spec.rng(3, block)
    span = _day(spec.end) - _day(spec.start) + 1
    opened = _day(spec.start) + rng.integers(0, span, n)
    severity_names = np.array([s[0] for s in SEVERITY])
    sev = rng.choice(len(SEVERITY), n, p=[s[1] for s in SEVERITY])
    median_days = np.array([s[2] for s in SEVERITY])[sev]
    to_investigating = opened + rng.integers(1, 8, n)
    closed = to_investigating + np.maximum(1, rng.lognormal(np.log(median_days), 0.8, n)).astype(np.int64)
    category = _pick(rng, CASE_CATEGORY_WEIGHTS, n)
    crisis = (sev >= 2) & np.isin(category, ["volunteer_threat", "surveillance", "harm"]) & (rng.random(n) < 0.5)
    countries = np.array(list(COUNTRY_WEIGHTS))
    p = np.array(list(COUNTRY_WEIGHTS.values()))
    country = _blank_where(rng.random(n) < 0.12, rng.choice(countries, n, p=p / p.sum()))
    outcome = _pick(rng, CASE_OUTCOMES, n)
    remedy = _blank_where(outcome != "remedy_provided", rng.choice(np.array(REMEDY_TYPES), n))
    case_ids = np.char.add("CASE-", np.char.zfill((first_case + np.arange(n)).astype(str), 7))
    common = {
        "case_id": case_ids,
        "opened_on": _dates(opened),
        "channel": _pick(rng, dict.fromkeys(reference("channels").codes, 1.0), n),
        "category": category,
        "affected_group": _pick(rng, AFFECTED_GROUP_WEIGHTS, n),
        "country": _text(country),
        "severity": severity_names[sev],
        "crisis_protocol": crisis,
        "summary": case_summaries(rng, n),
    }
    seconds = rng.integers(8 * 3600, 19 * 3600, (3, n))
    versions = []
    for step, (status, day) in enumerate((("open", opened), ("investigating", to_investigating), ("closed", closed))):
        is_closed = status == "closed"
        versions.append(
            pl.DataFrame(
                {
                    **common,
                    "_version": np.full(n, step),
                    "_day": day,
                    "updated_at": (_dates(day).astype("datetime64[s]") + seconds[step].astype("timedelta64[s]")).astype(
                        "datetime64[us]"
                    ),
                    "closed_on": _dates(closed) if is_closed else np.full(n, np.datetime64("NaT"), "datetime64[D]"),
                    "status": np.full(n, status),
                    "outcome": _text(outcome if is_closed else np.full(n, None)),
                    "remedy_type": _text(remedy if is_closed else np.full(n, None)),
                }
            )
        )
    history = pl.concat(versions).filter(pl.col("_day") <= _day(spec.end))
    return _nightly_exports(history, date(spec.end.year, spec.end.month, 1)).select([*CASE_COLUMNS, "_period"])


CASE_COLUMNS = [
    "case_id",
    "updated_at",
    "opened_on",
    "closed_on",
    "channel",
    "category",
    "affected_group",
    "country",
    "severity",
    "status",
    "outcome",
    "remedy_type",
    "crisis_protocol",
    "summary",
]


def _nightly_exports(history: pl.DataFrame, last_month: date) -> pl.DataFrame:
    """Each month's file holds the versions made that month and, as the nightly export does,
    every case still open during the month again, unchanged."""
    history = history.with_columns(pl.col("updated_at").dt.truncate("1mo").alias("_month"))
    spans = history.group_by("case_id").agg(
        pl.col("_month").min().alias("_from"),
        pl.when((pl.col("status") == "closed").any())
        .then(pl.col("_month").max())
        .otherwise(pl.lit(last_month).cast(pl.Datetime("us")))
        .alias("_until"),
    )
    months = (
        spans.with_columns(pl.datetime_ranges("_from", "_until", interval="1mo").alias("_m"))
        .explode("_m")
        .select("case_id", pl.col("_m").alias("_export_month"))
    )
    # the latest version made before each export month is what that month re-exports
    carried = (
        months.join(history, on="case_id")
        .filter(pl.col("_month") < pl.col("_export_month"))
        .sort("_version")
        .group_by("case_id", "_export_month", maintain_order=True)
        .last()
        .filter(pl.col("status") != "closed")
    )
    fresh = history.with_columns(pl.col("_month").alias("_export_month"))
    both = pl.concat([fresh.select(carried.columns), carried], how="vertical")
    return both.with_columns(pl.col("_export_month").dt.strftime("%Y-%m").alias("_period"))


# ---------------------------------------------------------------------------------- assessments


def _assessments_block(spec: SampleSpec, block: int, first: int, n: int) -> pl.DataFrame:
    """Assessments with quarterly snapshots of their status, mitigations and review dates."""
    rng = spec.rng(4, block)
    span = _day(spec.end) - _day(spec.start) + 1
    created = _day(spec.start) - 120 + rng.integers(0, span + 120, n)
    risk = _pick(rng, {"low": 0.5, "medium": 0.3, "high": 0.2}, n)
    kind = np.where(
        risk == "high",
        # impact assessments of high-risk subjects become the norm as the programme matures
        np.where(
            rng.random(n) < 0.72 + 0.25 * np.clip((created - _day(spec.start)) / span, 0, 1),
            "impact_assessment",
            "screening",
        ),
        np.where(rng.random(n) < 0.25, "impact_assessment", "screening"),
    )
    started = created + rng.integers(5, 45, n)
    never_started = rng.random(n) < 0.06
    completed = started + np.maximum(10, rng.lognormal(np.log(60), 0.6, n)).astype(np.int64)
    cancelled = rng.random(n) < 0.05
    mitigations = np.where(kind == "impact_assessment", rng.integers(0, 9, n), rng.integers(0, 3, n))
    mitigation_days = rng.integers(30, 200, n)
    review_lag = np.where(rng.random(n) < 0.85, -rng.integers(0, 30, n), rng.integers(30, 200, n))
    ids = np.char.add("HRA-", np.char.zfill((first + np.arange(n)).astype(str), 6))
    names = np.array(subject_names(rng, n), dtype=object)
    subject_type = _pick(
        rng, {"product": 2, "feature": 4, "algorithmic_system": 2, "grant": 3, "campaign": 2, "event": 2}, n
    )
    owner = _pick(rng, DEPARTMENT_WEIGHTS, n)
    frames = []
    quarter_ends = list(_quarter_ends(spec.start, spec.end))
    for q in quarter_ends:
        day = _day(q)
        exists = created <= day
        done_fraction = np.clip((day - completed) / mitigation_days, 0, 1)
        done = np.where(day >= completed, np.floor(mitigations * done_fraction), 0).astype(np.int64)
        is_started = (~never_started) & (day >= started)
        is_completed = is_started & (day >= completed)
        closed = is_completed & (done >= mitigations) & ((day - completed) > 20)
        status = np.where(
            ~is_started,
            "planned",
            np.where(
                ~is_completed,
                "in_progress",
                np.where(done < mitigations, "mitigations_open", np.where(closed, "closed", "completed")),
            ),
        )
        cancel_day = started + 30
        status = np.where(cancelled & (day >= cancel_day), "cancelled", status)
        # a review is due a year after completion; most are done on time, some lapse for months
        due = completed + 365
        reviews = np.where(day >= completed, np.maximum(0, (day - (due + review_lag)) // 365 + 1), 0)
        next_due = np.where(is_completed & (kind == "impact_assessment"), due + 365 * reviews, -1)
        # an assessment that ended before the previous quarter end is no longer exported
        ended_before = ((status == "closed") & (day - completed - mitigation_days > 120)) | (
            cancelled & (day - cancel_day > 120)
        )
        keep = exists & ~ended_before
        if not keep.any():
            continue
        frames.append(
            pl.DataFrame(
                {
                    "assessment_id": ids[keep],
                    "as_of": np.full(int(keep.sum()), np.datetime64(q)),
                    "subject_type": subject_type[keep],
                    "subject_name": names[keep],
                    "owner_department": owner[keep],
                    "kind": kind[keep],
                    "status": status[keep],
                    "risk_level": risk[keep],
                    "started_on": np.where(is_started, _dates(started), np.datetime64("NaT"))[keep],
                    "completed_on": np.where(is_completed, _dates(completed), np.datetime64("NaT"))[keep],
                    "mitigations_total": mitigations[keep],
                    "mitigations_done": done[keep],
                    "next_review_due": np.where(next_due > 0, _dates(np.maximum(next_due, 0)), np.datetime64("NaT"))[
                        keep
                    ],
                    "_period": np.full(int(keep.sum()), q.isoformat()),
                }
            )
        )
    return pl.concat(frames, how="vertical").with_columns(pl.col("subject_name").cast(pl.String))


def _quarter_ends(start: date, end: date) -> Iterator[date]:
    month = start.month
    year = start.year
    while True:
        month += 3
        if month > 12:
            month -= 12
            year += 1
        q = date(year, month, 1) - timedelta(1)
        if q > end:
            return
        yield q


# ------------------------------------------------------------------------------------- requests


def _request_counts(spec: SampleSpec) -> pl.DataFrame:
    """Half-yearly counts for every country with activity: mostly zeros, a few large countries."""
    rng = spec.rng(5)
    rows = []
    half = date(spec.start.year, spec.start.month, 1)
    while half <= spec.end:
        nxt = date(half.year + (half.month + 6 > 12), (half.month + 5) % 12 + 1, 1)
        growth = 1 + 0.08 * (half.year - spec.start.year)
        for country, cw in COUNTRY_WEIGHTS.items():
            for rtype, tw in REQUEST_TYPE_WEIGHTS.items():
                for requester, rw in REQUESTER_WEIGHTS.items():
                    requests = int(rng.poisson(0.9 * cw * tw * rw * growth * spec.scale))
                    shares = OUTCOME_SHARES[rtype]
                    full, partly, refused, pending = (int(x) for x in rng.multinomial(requests, shares))
                    accounts = (
                        requests + int(rng.poisson(0.4 * requests))
                        if rtype == "user_data"
                        else int(rng.binomial(requests, 0.6))
                    )
                    rows.append(
                        (
                            half,
                            nxt - timedelta(1),
                            country,
                            rtype,
                            requester,
                            requests,
                            accounts,
                            full,
                            partly,
                            refused,
                            pending,
                            f"{half.year}-H{1 if half.month < 7 else 2}",
                        )
                    )
        half = nxt
    frame = pl.DataFrame(
        rows,
        orient="row",
        schema=[
            "period_start",
            "period_end",
            "country",
            "request_type",
            "requester_type",
            "requests",
            "accounts_specified",
            "complied_fully",
            "complied_partly",
            "refused",
            "pending",
            "_period",
        ],
    )
    # Legal's tally has the odd arithmetic slip, which validation must catch
    slips = rng.random(frame.height) < spec.error_rate * 2
    return frame.with_columns(
        pl.when(pl.Series(slips)).then(pl.col("refused") + 1).otherwise(pl.col("refused")).alias("refused")
    )


# ---------------------------------------------------------------------------------------- entry

BlockMaker = Callable[[SampleSpec, int, int, int], pl.DataFrame]


def _blocks(spec: SampleSpec, total: int, make: BlockMaker) -> list[Callable[[], pl.DataFrame]]:
    """``total`` items cut into blocks, each made (and forgotten) one at a time."""
    return [partial(make, spec, b, lo, min(BLOCK, total - lo)) for b, lo in enumerate(range(0, total, BLOCK))]


@dataclass
class GenerationReport:
    rows: dict[str, int]
    files: dict[str, int]

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def generate(
    spec: SampleSpec, landing: Path, progress: Callable[[str, int, int], None] | None = None
) -> GenerationReport:
    """Write the four sources' landing files under ``landing`` and say how many rows each got."""
    report = GenerationReport(rows={}, files={})

    def tick(source: str, done: int, total: int) -> None:
        if progress:
            progress(source, done, total)

    def run(source: str, deliveries: DeliverySet, blocks: list[Callable[[], pl.DataFrame]]) -> None:
        for i, make in enumerate(blocks):
            deliveries.append_by_period(make(), "_period")
            tick(source, i + 1, len(blocks))
        written = deliveries.close()
        report.files[source] = len(written)
        report.rows[source] = sum(written.values())

    run(
        "training_records",
        DeliverySet(landing / "training_records", _monthly_names(spec, _training_file)),
        _blocks(spec, PEOPLE_PER_SCALE * spec.scale, _training_block),
    )
    run(
        "case_outcomes",
        DeliverySet(landing / "case_outcomes", _monthly_names(spec, _case_file)),
        _blocks(spec, CASES_PER_YEAR * spec.fiscal_years * spec.scale, _cases_block),
    )
    quarters: dict[str, tuple[str, FileFormat]] = {
        q.isoformat(): (f"snapshot-{q.isoformat()}.parquet", "parquet") for q in _quarter_ends(spec.start, spec.end)
    }
    run(
        "assessment_status",
        DeliverySet(landing / "assessment_status", quarters),
        _blocks(spec, ASSESSMENTS_PER_YEAR * spec.fiscal_years * spec.scale, _assessments_block),
    )

    halves: dict[str, tuple[str, FileFormat]] = {}
    counts = _request_counts(spec)
    for period in counts.get_column("_period").unique().sort().to_list():
        halves[period] = (f"transparency-{period}.csv", "csv")
    run("request_counts", DeliverySet(landing / "request_counts", halves), [lambda: counts])
    return report
