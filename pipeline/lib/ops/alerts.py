"""Telling people when a night went wrong: a line in the alert log and, if configured, a webhook.

Two kinds: a run that *failed* (nothing new was published), and a night that finished but left
deliveries that *need attention* (unreadable or held files; the good data was published).

The webhook receives a small JSON document (a Slack- or Teams-compatible ``text`` field plus the
details), posted with a short timeout: an unreachable webhook is logged, never retried forever.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipeline.lib.landing.names import shown
from pipeline.lib.warehouse import sql

# what a file needing attention is alerted by: source, path, sha256, status, and rows a rebuild counts
AttentionState = tuple[str, str, str, str, bool]


@dataclass
class Alert:
    job: str
    run_id: str
    summary: str
    failed_steps: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    kind: str = "failed"  # failed | attention
    deliveries: list[str] = field(default_factory=list)  # for "attention": one line per delivery
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def text(self) -> str:
        if self.kind == "attention":
            return (
                f"[human-rights pipeline] {self.job} run {self.run_id[:8]}: {self.summary}. The good deliveries "
                "were merged and published. " + " ".join(self.deliveries)
            )
        details = "; ".join([*(f"step {s}" for s in self.failed_steps), *(f"check {c}" for c in self.failed_checks)])
        return (
            f"[human-rights pipeline] {self.job} run {self.run_id[:8]} failed: {self.summary}"
            + (f" ({details})" if details else "")
            + ". The last good publication stays published."
        )


def escape_for_chat(text: str) -> str:
    """The text as Slack and Teams render it literally: control characters escaped (one line), and
    ``&``, ``<``, ``>`` as entities, the only characters Slack reads as links, mentions or markup
    (``<!channel>``, ``<https://…|label>``); ``mrkdwn: false`` beside it turns the rest of the
    formatting off. A file name in the text is delivered content and must not ping or link anyone."""
    return shown(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def deliver(alert: Alert, log_path: Path, webhook_url: str | None, timeout_seconds: float = 10.0) -> str | None:
    """Append the alert to the log and post it to the webhook; returns a delivery problem, if any."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({**asdict(alert), "text": alert.text}, ensure_ascii=False) + "\n")
    if not webhook_url:
        return None
    if not webhook_url.startswith(("https://", "http://")):
        return f"HRP_ALERT_WEBHOOK_URL must be an http(s) URL, not {webhook_url[:20]!r}"
    body = json.dumps({**asdict(alert), "text": escape_for_chat(alert.text), "mrkdwn": False}).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        webhook_url, data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout_seconds) as response:  # noqa: S310 - http(s) checked
            if response.status >= 300:
                return f"webhook answered {response.status}"
    except OSError as problem:
        return f"webhook not reached: {problem}"
    return None


def first_seen(con: duckdb.DuckDBPyConnection, states: list[AttentionState]) -> list[bool]:
    """Whether each state of a file needing attention has not been alerted yet. A file comes to need
    attention not only on the night it arrives: a recount holds bytes put back beside what they
    contradict, a date passes, a case version it was judged against is withdrawn. Each such state is
    alerted on the night it arises, whichever step made it, and again until ``record_alerted``."""
    before = set(con.execute(sql.render("audit/alerted.sql")).fetchall())
    return [state not in before for state in states]


def record_alerted(con: duckdb.DuckDBPyConnection, states: list[AttentionState], run_id: str) -> None:
    """Record states as alerted, once their alert was delivered and never before: a night that dies
    in between (a full disk under the alert log) leaves them to the next night's alert. At least
    once: a night dying after the alert and before this line alerts them twice, never zero times."""
    fields = ("source", "path", "sha256", "status", "rows_due")
    for state in dict.fromkeys(states):
        con.execute(sql.render("audit/record_alerted.sql"), {**dict(zip(fields, state, strict=True)), "run_id": run_id})
