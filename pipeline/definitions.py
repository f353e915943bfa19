"""The one Definitions object: everything under ``pipeline/defs``, run in a single process.

The modules under ``pipeline/defs`` hold plain assets, checks, jobs and sensors, and the four
sources are YAML components (``pipeline/defs/ingest/<source>/defs.yaml``); what reads the
environment (the resources, the schedule's time) is built here, when the code loads, not when a
module is imported. Steps run in-process because DuckDB allows one writer per file; a multiprocess
executor would only add start-up cost and lock contention. The project's configuration
(``[tool.dg]`` in pyproject.toml) is the checkout's, or the copy an installed wheel carries.
"""

import dagster as dg

from pipeline.defs.automation import nightly_schedule
from pipeline.defs.resources import resources_from_env
from pipeline.lib.common import paths


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions.merge(
        dg.load_from_defs_folder(path_within_project=paths.REPOSITORY),
        dg.Definitions(resources=resources_from_env(), schedules=[nightly_schedule()], executor=dg.in_process_executor),
    )
