"""The one Definitions object: everything under ``pipeline/defs``, run in a single process.

Steps run in-process because DuckDB allows one writer per file; a multiprocess executor would only
add start-up cost and lock contention. The project's configuration (``[tool.dg]`` in pyproject.toml)
is the checkout's, or the copy an installed wheel carries.
"""

import dagster as dg

from pipeline.lib.common import paths


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions.merge(
        dg.load_from_defs_folder(project_root=paths.REPOSITORY),
        dg.Definitions(executor=dg.in_process_executor),
    )
