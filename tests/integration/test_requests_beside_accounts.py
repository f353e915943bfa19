"""Request counts bound the accounts beside them, so they change only at releases with them (a
hostile reading, 2026-12-06). Published every night, a correction to the requests alone (raised up to
the accounts the rows already named, accounts unchanged) closed the slack between "total accounts"
and "each withheld country's accounts >= its requests": the repository's own attacker
(tests/attack.py, as test_disclosure_published uses it) pinned every withheld country's accounts
exactly (38 numbers) the night after a release that was safe, which had been audited with the
requests of release day (``at_least:``).

Runs the real CLI on a fresh data root (about 3 minutes): sample -> demo on 2026-02-27 -> release night
2026-03-01 -> a requests-only correction -> night of 2026-03-02."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from tests.attack import attack_publication, by_fiscal_year, revealed
from tests.conftest import hrp_process
from tests.integration.test_disclosure_published import PEOPLE, RELATIONS, K, read_publication

LATER = re.compile(r"(export-2026-0[3-6]|2026/2026-0[3-6]|snapshot-2026-0[3-6]|transparency-2026-H1)[.-]")


def hrp(root: Path, today: str, *args: str) -> None:
    done = hrp_process(root, *args, HRP_DEMO="true", HRP_TODAY=today)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]


def withheld_accounts(site: Path) -> set[str]:
    with (site / "data" / "en" / "transparency-FY2026-H1.csv").open(encoding="utf-8-sig") as f:
        return {r["country"] for r in csv.DictReader(f) if r["accounts_specified_status"] == "withheld"}


def pinned(site: Path) -> list[tuple[object, tuple[float, float, str]]]:
    years = by_fiscal_year(read_publication(site))
    found = attack_publication(years[2026], PEOPLE, RELATIONS, K, years.get(2025))
    return sorted(((c, v) for c, v in found.items() if revealed(*v, K)), key=str)


@pytest.mark.slow
def test_a_correction_to_requests_alone_between_releases_pins_no_withheld_accounts(tmp_path: Path) -> None:
    root = tmp_path / "root"
    hrp(root, "2026-02-27", "sample")
    landing = root / "landing"
    for path in sorted(landing.rglob("*")):  # deliveries after February 2026 have not arrived yet
        if path.is_file() and LATER.search(path.relative_to(landing).as_posix()):
            path.unlink()
    hrp(root, "2026-02-27", "demo")
    hrp(root, "2026-03-01", "run")  # the release of 1 March: FY2026-H1 appears
    march = tmp_path / "march"
    shutil.copytree(root / "published" / "site", march)
    assert pinned(march) == [], "the release itself is safe"

    # Legal recounts some demands of July-December 2025: more requests, the same accounts named
    hidden = withheld_accounts(march)
    tally = landing / "request_counts" / "transparency-2025-H2.csv"
    with tally.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fixed = []
    for r in rows:
        if r["request_type"] == "user_data" and r["country"] in hidden and r["accounts_specified"]:
            gap = int(r["accounts_specified"]) - int(r["requests"])
            if gap > 0:
                fixed.append(r | {"requests": r["accounts_specified"], "refused": str(int(r["refused"]) + gap)})
    assert fixed
    with (landing / "request_counts" / "zzz-recount-2025-H2.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(fixed)
    hrp(root, "2026-03-02", "run")  # not a release day: figures about people must not move or give way
    later = tmp_path / "later"
    shutil.copytree(root / "published" / "site", later)

    found = pinned(later)
    assert found == [], f"{len(found)} hidden numbers of people pinned between releases, e.g. {found[:5]}"
