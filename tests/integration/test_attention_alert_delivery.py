"""An attention alert is recorded as sent only once it was delivered: a night that dies between the
two (a full disk under logs/alerts.log, a kill) leaves the held file to the next night's alert. Before,
the state was recorded first, and the next night, finding it alerted and the delivery no longer new,
never alerted it."""

from __future__ import annotations

import json

import pytest

from pipeline.lib.common.layout import DataPaths
from tests.builders import run_nightly, write
from tests.conftest import small_world_for_nights

pytestmark = pytest.mark.slow


def test_an_attention_alert_a_dying_night_did_not_deliver_is_sent_by_the_next(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_world_for_nights(paths, monkeypatch)
    row = {
        "period_start": "2025-01-01",
        "period_end": "2025-06-30",
        "country": "US",
        "request_type": "user_data",
        "requester_type": "court",
        "requests": "3",
        "accounts_specified": "",
        "complied_fully": "",
        "complied_partly": "",
        "refused": "",
        "pending": "",
    }
    write(paths.landing_for("request_counts"), "zz-twice.csv", [row, row])  # the same key twice: held whole

    from pipeline.defs.ingest import source

    def disk_full(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    from pipeline.definitions import defs

    original = source.deliver
    monkeypatch.setattr(source, "deliver", disk_full)
    first = run_nightly(defs())
    assert not first.success  # the night failed while alerting
    monkeypatch.setattr(source, "deliver", original)
    second = run_nightly(defs())
    assert second.success
    log = paths.logs / "alerts.log"
    alerts = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    attention = [a for a in alerts if a.get("kind") == "attention"]
    assert any("zz-twice.csv" in d for a in attention for d in a.get("deliveries", [])), alerts
