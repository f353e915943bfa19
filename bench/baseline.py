"""The physical reference: the same files loaded and the same metric SQL run by a bare DuckDB script,
in one process, with no orchestration and no validation.

It does only what any pipeline must: read every delivery, type its columns, keep the latest version
of each key (and each case's and assessment's current state), hash person ids, then run every
``sql/marts`` metric for every fiscal year. Run as ``python -m bench.baseline <landing> <database>``
(the benchmark does, in a fresh process, and reads the JSON it prints).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.ingest.setup import initialise
from pipeline.lib.metrics.catalogue import Catalogue, load_catalogue
from pipeline.lib.metrics.marts import compute_fiscal_years, replace_periods
from pipeline.lib.quality.contracts import Contract, all_contracts
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import count_rows, run_script

READERS = {".csv": "read_csv", ".parquet": "read_parquet", ".jsonl": "read_json"}


Scan = tuple[str, list[str], set[str]]  # reader, files, the columns they have


def scans(landing: Path) -> list[Scan]:
    """A source's files by reader, with the columns they have (an optional column may be in none of
    them). Found before the clock starts: the pipeline knows its columns from the contract."""
    files = [p for p in sorted(landing.rglob("*")) if p.suffix in READERS]
    readers = [(reader, [str(p) for p in files if p.suffix == suffix]) for suffix, reader in READERS.items()]
    con = duckdb.connect()
    found = [(reader, paths, _columns(con, reader, paths)) for reader, paths in readers if paths]
    con.close()
    return found


def load(con: duckdb.DuckDBPyConnection, contract: Contract, source_scans: list[Scan]) -> int:
    """All of a source's files, typed, latest version per key, into its core table(s)."""
    run_script(con, "bench/load_source.sql", contract=contract, readers=source_scans)
    return count_rows(con, "core", contract.core_table)


def _columns(con: duckdb.DuckDBPyConnection, reader: str, files: list[str]) -> set[str]:
    """The columns the files have (an optional column may be in none of them)."""
    return {r[0] for r in con.execute(sql.render("bench/columns.sql", reader=reader, files=files)).fetchall()}


def bare(catalogue: Catalogue) -> Catalogue:
    """The catalogue with no metric keeping its observations between nights: the baseline runs each
    metric's SQL alone, and what the pipeline keeps for cheaper nights is the pipeline's own cost."""
    metrics = tuple(m.model_copy(update={"kept_per": None}) for m in catalogue.metrics)
    return catalogue.model_copy(update={"metrics": metrics})


def main(landing: Path, database: Path) -> dict[str, float]:
    sources = {contract.source: scans(landing / contract.source) for contract in all_contracts()}
    started = time.perf_counter()
    con = duckdb.connect(str(database))
    calendar = FiscalCalendar(7)
    run_script(con, "warehouse/session.sql", start_month=calendar.start_month)  # UTC, the metrics' macros
    initialise(con)
    rows = {}
    for contract in all_contracts():
        rows[contract.source] = load(con, contract, sources[contract.source])
    loaded = time.perf_counter()
    today = datetime.now(UTC).date()
    years = list(range(2023, calendar.fiscal_year_of(today) + 1))
    replace_periods(con, calendar, years, today)
    midnight = datetime.combine(date.today(), datetime.min.time())
    compute_fiscal_years(con, bare(load_catalogue()), calendar, years, "baseline", today, midnight)
    con.close()
    done = time.perf_counter()
    return {
        "load_seconds": loaded - started,
        "transform_seconds": done - loaded,
        "total_seconds": done - started,
        "core_rows": sum(rows.values()),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))
