"""Loading the code costs only what loading needs: the heavy libraries wait until a batch is validated
or an output is built (GX alone takes seconds to import), and the console does not start Dagster to
print its help. Each check runs in a fresh interpreter, where nothing else has imported them yet."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("great_expectations", "plotly", "playwright", "kaleido", "pandas", "scipy")


def _imported_by(code: str, modules: tuple[str, ...]) -> list[str]:
    probe = f"import json, sys\n{code}\nprint(json.dumps([m for m in {list(modules)!r} if m in sys.modules]))\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True)
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_loading_the_definitions_imports_no_validator_browser_or_chart_library() -> None:
    assert _imported_by("import pipeline.definitions\npipeline.definitions.defs()", HEAVY) == []


def test_the_console_starts_without_dagster_or_the_heavy_libraries() -> None:
    code = "from pipeline.cli import cli\nfrom click.testing import CliRunner\nCliRunner().invoke(cli, ['--help'])"
    assert _imported_by(code, ("dagster", *HEAVY)) == []


def test_great_expectations_is_imported_when_a_runner_is_made_and_not_before(tmp_path: Path) -> None:
    """The module that runs the suites imports GX only when asked to validate; the probe sees it then."""
    assert _imported_by("import pipeline.lib.quality.runner", ("great_expectations",)) == []
    made = f"from pipeline.lib.quality.runner import runner\nrunner(__import__('pathlib').Path({str(tmp_path)!r}))"
    assert _imported_by(made, ("great_expectations",)) == ["great_expectations"]
