"""The demo's "Open:" list points at the published reports, never at a build folder."""

from pathlib import Path

from pipeline.lib.common.layout import DataPaths
from pipeline.operations import outputs


def test_the_board_report_is_the_published_confidential_one(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    listed = dict(outputs(paths, "run-1"))
    board = [path for label, path in listed.items() if label.startswith("board report")]
    assert len(board) == 2
    for path in board:
        assert Path(path).is_relative_to(paths.confidential / "board")
        assert not Path(path).is_relative_to(paths.builds)
