"""How the bad-input corpus in this folder was made: ``python -m tests.data.bad.make_corpus``.

Each file breaks one thing (see ``expected.yaml`` for what must happen to it). Keys differ from file
to file so that the files of a source can be delivered together without disturbing each other.
A test checks that running this script reproduces the committed files byte for byte.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import polars as pl

from tests.builders import VALID, rows

HERE = Path(__file__).resolve().parent


def _csv(
    records: list[dict[str, str]], delimiter: str = ",", header: list[str] | None = None, line_end: str = "\n"
) -> str:
    buffer = io.StringIO()
    columns = header or list(records[0])
    writer = csv.DictWriter(
        buffer, fieldnames=columns, delimiter=delimiter, lineterminator=line_end, extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


def _keyed(source: str, prefix: str, n: int = 4, **overrides: str) -> list[dict[str, str]]:
    """Valid rows whose keys start with ``prefix`` (countries stand in for keys in request counts)."""
    out = rows(source, n, **overrides)
    key = {"training_records": "record_id", "case_outcomes": "case_id", "assessment_status": "assessment_id"}
    for i, row in enumerate(out):
        if source in key:
            row[key[source]] = f"{prefix}-{i + 1}"
        if source == "training_records":
            row["person_id"] = f"{prefix}-P{i + 1}"
    return out


def _with(records: list[dict[str, str]], index: int, **changes: str) -> list[dict[str, str]]:
    records[index] = {**records[index], **changes}
    return records


def _training() -> dict[str, bytes | str]:
    t = "training_records"
    lines = _csv(_keyed(t, "quote")).splitlines()
    lines[2] = lines[2].replace("quote-2", '"quote-2')
    ragged = _csv(_keyed(t, "ragged", 5)).splitlines()
    ragged[2] = ",".join(ragged[2].split(",")[:-3])
    ragged[4] = ragged[4] + ",surplus,values"
    nul = _csv(_keyed(t, "nul")).replace("nul-2,nul-P2,staff,ENG", "nul-2,nul-P2,staff,E\x00NG")
    huge = _keyed(t, "huge")
    huge[1]["language"] = "x" * (5 * 1024 * 1024)
    cyrillic = _keyed(t, "cp1251")
    cyrillic[0]["person_id"] = "Пётр Иванов"
    good = _csv(_keyed(t, "good", 5))
    wrong_types = pl.DataFrame(
        {
            **{c: [r[c] for r in _keyed(t, "types", 3)] for c in VALID[t]},
            "assigned_on": [20240902, 20240903, 20240904],
            "hours": ["abc", "2", "x"],
        }
    )
    buffer = io.BytesIO()
    pl.DataFrame(_keyed(t, "trunc")).write_parquet(buffer)
    jsonl = [json.dumps(r) for r in _keyed(t, "jsonl")]
    jsonl[1] = jsonl[1][:-10]
    return {
        "good.csv": good,
        "unbalanced-quotes.csv": "\n".join(lines) + "\n",
        "ragged-rows.csv": "\n".join(ragged) + "\n",
        "semicolon-delimited.csv": _csv(_keyed(t, "semi"), delimiter=";"),
        "data-rows-with-other-delimiter.csv": _csv(_keyed(t, "mixed"), delimiter=",").splitlines()[0]
        + "\n"
        + "\n".join(_csv(_keyed(t, "mixed"), delimiter=";").splitlines()[1:])
        + "\n",
        "empty.csv": "",
        "header-only.csv": _csv(_keyed(t, "hdr")).splitlines()[0] + "\n",
        "missing-column.csv": _csv(_keyed(t, "miss"), header=[c for c in VALID[t] if c != "course_id"]),
        "extra-column.csv": _csv([{**r, "manager_email": "m@example.org"} for r in _keyed(t, "extra")]),
        "renamed-column.csv": _csv(_keyed(t, "renamed")).replace("person_id", "personid", 1),
        "windows-1251.csv": _csv(cyrillic).encode("cp1251"),
        "utf-16.csv": _csv(_keyed(t, "utf16")).encode("utf-16"),
        "nul-bytes.csv": nul,
        "huge-field.csv": _csv(huge),
        "numbers-as-text.csv": _csv(_with(_with(_keyed(t, "numtext"), 1, hours="two"), 2, hours="1,5")),
        "negative-hours.csv": _csv(_with(_keyed(t, "neg"), 0, hours="-2")),
        "impossible-dates.csv": _csv(
            _with(_with(_keyed(t, "imp"), 0, assigned_on="2025-02-30"), 1, due_on="2025-13-01")
        ),
        "future-dates.csv": _csv(_with(_keyed(t, "future"), 3, completed_on="2099-01-15")),
        "three-date-formats.csv": _csv(
            _with(
                _with(_with(_keyed(t, "fmt"), 1, assigned_on="02/09/2024"), 2, assigned_on="09/02/2024"),
                3,
                assigned_on="2024.09.02",
            )
        ),
        "unknown-department.csv": _csv(_with(_keyed(t, "dept"), 2, department="DPT-X")),
        "unknown-course.csv": _csv(_with(_keyed(t, "course"), 0, course_id="HR-999")),
        "unknown-enum-values.csv": _csv(_with(_with(_keyed(t, "enum"), 0, person_type="intern"), 1, status="done")),
        "missing-required-values.csv": _csv(_with(_with(_keyed(t, "req"), 0, person_id=""), 1, department="")),
        "completed-before-assigned.csv": _csv(_with(_keyed(t, "order"), 1, completed_on="2024-08-01")),
        "completed-without-date.csv": _csv(_with(_keyed(t, "nodate"), 2, completed_on="")),
        "duplicate-keys-in-delivery.csv": _csv([*_keyed(t, "dup"), _keyed(t, "dup")[0]]),
        "duplicate-across-deliveries-1.csv": _csv(
            _keyed(t, "across", status="assigned", completed_on="", hours="", language="")
        ),
        "duplicate-across-deliveries-2.csv": _csv(_keyed(t, "across")),
        "line-not-json.jsonl": "\n".join(jsonl) + "\n",
        "wrong-types.parquet": _parquet(wrong_types),
        "truncated.parquet": buffer.getvalue()[:400],
        "spreadsheet.xlsx": b"PK\x03\x04 not really a spreadsheet",
    }


def _parquet(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()


def _cases() -> dict[str, bytes | str]:
    c = "case_outcomes"
    closed = {"status": "closed", "closed_on": "2024-10-20", "outcome": "withdrawn"}
    return {
        "good.csv": _csv(_keyed(c, "good")),
        "status-backwards-1.csv": _csv(_keyed(c, "back", 1, updated_at="2024-10-20T10:00:00Z", **closed)),
        "status-backwards-2.csv": _csv(_keyed(c, "back", 1, updated_at="2024-10-22T10:00:00Z")),
        "closed-before-opened.csv": _csv(_with(_keyed(c, "order"), 0, **{**closed, "closed_on": "2024-09-01"})),
        "unknown-country.csv": _csv(_with(_with(_keyed(c, "ctry"), 0, country="XX"), 1, country="Kyrgyzstan")),
        "outcome-while-open.csv": _csv(_with(_keyed(c, "outc"), 3, outcome="referred")),
        "not-a-boolean.csv": _csv(_with(_keyed(c, "bool"), 1, crisis_protocol="maybe")),
        "not-a-timestamp.csv": _csv(_with(_keyed(c, "ts"), 2, updated_at="yesterday")),
        "duplicate-versions.csv": _csv([*_keyed(c, "dupv"), _keyed(c, "dupv")[1]]),
        "unknown-severity.jsonl": "".join(json.dumps(r) + "\n" for r in _with(_keyed(c, "sev"), 0, severity="urgent")),
        "future-dates.jsonl": "".join(
            json.dumps(r) + "\n"
            for r in _with(_keyed(c, "fut"), 0, opened_on="2099-03-01", updated_at="2099-03-01T00:00:00Z")
        ),
    }


def _assessments() -> dict[str, bytes | str]:
    a = "assessment_status"
    return {
        "good.csv": _csv(_keyed(a, "good")),
        "mitigations-exceed-total.parquet": _parquet(pl.DataFrame(_with(_keyed(a, "mit"), 0, mitigations_done="9"))),
        "negative-counts.csv": _csv(_with(_keyed(a, "negc"), 1, mitigations_total="-1", mitigations_done="0")),
        "non-integer-counts.csv": _csv(_with(_keyed(a, "frac"), 2, mitigations_total="2.5")),
        "completed-without-date.csv": _csv(_with(_keyed(a, "cwd"), 0, completed_on="")),
        "unknown-kind.csv": _csv(_with(_keyed(a, "kind"), 3, kind="audit")),
        "duplicate-snapshot.csv": _csv([*_keyed(a, "dups"), _keyed(a, "dups")[0]]),
    }


def _requests() -> dict[str, bytes | str]:
    r = "request_counts"

    def country(code: str, n: int = 1, **changes: str) -> list[dict[str, str]]:
        return [dict(row, country=code) for row in rows(r, n, **changes)]

    return {
        "good.csv": _csv(
            [
                dict(row, request_type=t)
                for row in country("US")
                for t in ("user_data", "content_alteration", "copyright_takedown")
            ]
        ),
        "outcomes-do-not-add-up.csv": _csv(
            country("DE") + country("DE", refused="9", request_type="content_alteration")
        ),
        "negative-counts.csv": _csv(
            country("FR", requests="-3", complied_fully="0", complied_partly="0", refused="-3", pending="0")
        ),
        "non-integer-counts.csv": _csv(country("GB", requests="3.5")),
        "overlapping-periods.csv": _csv(
            country("IN") + country("IN", period_start="2024-04-01", period_end="2024-09-30")
        ),
        "period-reversed.csv": _csv(country("BR", period_start="2024-06-30", period_end="2024-01-01")),
        "unknown-country.csv": _csv(country("ZZ")),
        "period-not-finished.csv": _csv(country("JP", period_start="2099-01-01", period_end="2099-06-30")),
        "duplicate-keys.csv": _csv(country("KG") + country("KG")),
        "overlaps-loaded-delivery.csv": _csv(country("US", period_start="2024-03-01", period_end="2024-08-31")),
    }


CORPUS: dict[str, Callable[[], dict[str, bytes | str]]] = {
    "training_records": _training,
    "case_outcomes": _cases,
    "assessment_status": _assessments,
    "request_counts": _requests,
}


def build() -> dict[Path, bytes]:
    files = {}
    for source, make in CORPUS.items():
        for name, content in make().items():
            files[HERE / source / name] = content.encode("utf-8") if isinstance(content, str) else content
    return files


def main() -> None:
    for path, content in build().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


if __name__ == "__main__":
    main()
