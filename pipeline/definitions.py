"""The one Definitions object: everything under ``pipeline/defs``, run in a single process.

Steps run in-process because DuckDB allows one writer per file; a multiprocess executor would only
add start-up cost and lock contention. The project's configuration (``[tool.dg]`` in pyproject.toml)
is the checkout's, or the copy an installed wheel carries.

Loading them makes the process's files private (umask 077): the daemon, the webserver and every run
worker load this module, whatever umask their service manager gave them.
"""

import dagster as dg

from pipeline.lib.common import paths
from pipeline.lib.common.permissions import keep_private


@dg.definitions
def defs() -> dg.Definitions:
    keep_private()
    return dg.Definitions.merge(
        dg.load_from_defs_folder(project_root=paths.REPOSITORY),
        dg.Definitions(executor=dg.in_process_executor),
    )
