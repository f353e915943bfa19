"""The one Definitions object: everything under ``pipeline/defs``, run in a single process.

Steps run in-process because DuckDB allows one writer per file; a multiprocess executor would only
add start-up cost and lock contention.
"""

from pathlib import Path

import dagster as dg


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions.merge(
        dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
        dg.Definitions(executor=dg.in_process_executor),
    )
