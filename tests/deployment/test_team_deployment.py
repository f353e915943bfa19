"""The team deployment as shipped in deploy/, end to end: Debian's PostgreSQL holds the Dagster
instance (deploy/dagster.yaml), the daemon and the webserver run the commands of the shipped units,
a night goes through the daemon's run queue, and a browser reads the published site through Debian's
nginx with the shipped server block: every header present, downloads working, nothing but the site
reachable. The daemon is then killed in the middle of a run: when it is back, run monitoring marks
that run failed and the retry repairs it.
"""

from __future__ import annotations

import http.client
import json
import os
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest
from playwright.sync_api import Browser

from pipeline import run_queue
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.render.browser import chromium
from pipeline.lib.warehouse.connection import writer_lock
from tests.browser.conftest import watch
from tests.builders import small_world
from tests.conftest import TEST_KEY
from tests.deployment import services
from tests.deployment.services import DEPLOY, REPOSITORY, Nginx, Service, unit_command, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.browser]

HEADERS = {
    "content-security-policy": "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "strict-transport-security": "max-age=",
    "x-frame-options": "DENY",
}


@dataclass
class Deployment:
    paths: DataPaths
    env: dict[str, str]
    daemon: Service
    webserver_port: int
    nginx: Nginx
    instance: dg.DagsterInstance

    def hrp(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        hrp = str(Path(sys.executable).with_name("hrp"))
        return subprocess.run(
            [hrp, *args], cwd=REPOSITORY, env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )

    def hrp_in_background(self, *args: str) -> subprocess.Popen[str]:
        hrp = str(Path(sys.executable).with_name("hrp"))
        return subprocess.Popen(
            [hrp, *args], cwd=REPOSITORY, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def nightly_runs(self) -> list[dg.DagsterRun]:
        return [r.dagster_run for r in self.instance.get_run_records(dg.RunsFilter(job_name="nightly"))]


@pytest.fixture(scope="module")
def deployment() -> Iterator[Deployment]:
    base = services.passable_tmp("hrp-deploy-")
    logs = base / "logs"
    logs.mkdir()
    saved = dict(os.environ)
    try:
        with services.postgres(base / "postgres") as pg:
            paths = DataPaths(base / "data").ensure()
            small_world(paths.landing)
            # the install steps of docs/operations.md: the instance config in DAGSTER_HOME, mode 0600
            config = paths.dagster_home / "dagster.yaml"
            config.write_bytes((DEPLOY / "dagster.yaml").read_bytes())
            config.chmod(0o600)
            env = {
                **os.environ,
                "HRP_DATA_ROOT": str(paths.root),
                "DAGSTER_HOME": str(paths.dagster_home),
                "HRP_INSTANCE_CONFIG": str(DEPLOY / "dagster.yaml"),
                "HRP_PSEUDONYM_KEY": TEST_KEY.decode(),
                "HRP_LANDING_SETTLE_SECONDS": "0",  # the files are written whole before the night reads them
                **pg.environment(),
            }
            env.pop("HRP_DEMO", None)
            os.environ.update(env)  # this process reads the same instance
            instance = dg.DagsterInstance.get()
            # the runs here are the test's, not the landing sensor's nor the schedule's (a module running
            # across 02:00 UTC met a scheduled night as the last run): stopped as an operator would
            dagster = str(Path(sys.executable).with_name("dagster"))
            for kind, name in (("sensor", "landing_sensor"), ("schedule", "nightly_schedule")):
                stop = subprocess.run(
                    [dagster, kind, "stop", name, "-m", "pipeline.definitions"],
                    cwd=REPOSITORY,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=180,
                    check=False,
                )
                assert stop.returncode == 0, stop.stderr[-2000:]
            daemon = Service("daemon", unit_command("hrp-daemon.service"), env, logs)
            web_port = services.free_port()
            webserver = Service(
                "webserver", unit_command("hrp-webserver.service", **{"-p 3000": f"-p {web_port}"}), env, logs
            )
            daemon.start()
            webserver.start()
            try:
                wait_until(lambda: run_queue.queue_is_served(instance), 120, "the daemon's run queue", daemon.log)
                with services.nginx(base / "nginx", paths.root) as server:
                    yield Deployment(paths, env, daemon, web_port, server, instance)
            finally:
                webserver.stop()
                daemon.stop()
                instance.dispose()
    finally:
        os.environ.clear()
        os.environ.update(saved)
        services.remove(base)


@dataclass
class KilledNight:
    killed: dg.DagsterRun
    killed_status_before_restart: dg.DagsterRunStatus | None
    cause: str
    console_exit: int
    console_stdout: str
    console_stderr: str
    retry: dg.DagsterRun | None
    seconds: float


@pytest.fixture(scope="module")
def killed_night(deployment: Deployment) -> KilledNight:
    """The first night, submitted by `hrp run` to the daemon's queue and killed with the daemon, its
    code server and its run worker while it works (held at the warehouse lock, so "while it works" is
    certain); then the daemon started again, and the retry waited for. Every other test reads the site
    this night published."""
    instance = deployment.instance
    started = time.monotonic()
    console = deployment.hrp_in_background("run", "--json")
    with writer_lock(deployment.paths.warehouse_lock, 10, "the deployment test"):
        wait_until(lambda: len(_nightly(instance, dg.DagsterRunStatus.STARTED)) == 1, 180, "a run to start")
        (killed,) = _nightly(instance, dg.DagsterRunStatus.STARTED)
        time.sleep(2)  # its worker is now waiting for the warehouse
        deployment.daemon.kill()
    before_restart = _status_of(instance, killed.run_id)
    deployment.daemon.start()
    wait_until(
        lambda: _status_of(instance, killed.run_id) == dg.DagsterRunStatus.FAILURE,
        150,
        "run monitoring",
        deployment.daemon.log,
    )
    stdout, stderr = console.communicate(timeout=120)

    def retry() -> dg.DagsterRun | None:
        found = [r for r in deployment.nightly_runs() if r.tags.get("dagster/parent_run_id") == killed.run_id]
        return found[0] if found else None

    wait_until(lambda: (r := retry()) is not None and r.is_finished, 300, "the retry", deployment.daemon.log)
    cause = run_queue.failure_cause(instance, killed.run_id) or ""
    return KilledNight(
        killed, before_restart, cause, console.returncode, stdout, stderr, retry(), time.monotonic() - started
    )


def check_the_killed_night_was_failed_by_run_monitoring_and_the_retry_published(
    deployment: Deployment, killed_night: KilledNight
) -> None:
    night = killed_night
    assert night.killed_status_before_restart == dg.DagsterRunStatus.STARTED, "nothing noticed the death before"
    assert "run worker" in night.cause and "gone" in night.cause, night.cause
    assert "joined the instance's run queue" in night.console_stderr, night.console_stderr
    assert night.console_exit == 1 and json.loads(night.console_stdout)["run_id"] == night.killed.run_id
    assert night.retry is not None and night.retry.status == dg.DagsterRunStatus.SUCCESS
    assert type(deployment.instance.run_storage).__name__ == "PostgresRunStorage"
    assert not (deployment.paths.dagster_home / "history").exists(), "no SQLite run history beside PostgreSQL"
    last = json.loads(deployment.hrp("status", "--json").stdout)["last_run"]
    assert last["run_id"] == night.retry.run_id and last["status"] == "SUCCESS"
    assert (deployment.paths.published / "site" / "en" / "index.html").is_file()
    print(f"killed night, monitoring and retry: {night.seconds:.1f} s")


def check_hrp_backup_dumps_the_postgres_instance(deployment: Deployment, tmp_path: Path) -> None:
    result = deployment.hrp("backup", str(tmp_path), "--json")
    assert result.returncode == 0, result.stderr
    made = json.loads(result.stdout)
    assert made["instance"]["kind"] == "postgres"
    dump = (Path(made["backup"]) / "instance" / made["instance"]["file"]).read_text(encoding="utf-8")
    assert "CREATE TABLE public.runs" in dump and "COPY public.runs" in dump


def _nightly(instance: dg.DagsterInstance, status: dg.DagsterRunStatus) -> list[dg.DagsterRun]:
    return list(instance.get_runs(dg.RunsFilter(job_name="nightly", statuses=[status])))


def check_the_ui_is_served(deployment: Deployment) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", deployment.webserver_port, timeout=10)
    wait_until(lambda: _status(connection, "/server_info") == 200, 60, "the Dagster webserver")


def _status(connection: http.client.HTTPConnection, path: str) -> int:
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        connection.close()
        return 0


def with_a_browser_of_its_own(check: Callable[[Browser], None]) -> None:
    """Run ``check`` with a browser in a thread of its own: Playwright's sync API refuses a thread in
    which an earlier test on the same worker left an asyncio loop running (Dagster's in-process runs)."""

    def run() -> None:
        with chromium() as browser:
            check(browser)

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()


def check_the_site_through_nginx_has_every_header_and_its_downloads(deployment: Deployment, browser: Browser) -> None:
    context = browser.new_context(ignore_https_errors=True, accept_downloads=True)
    page = context.new_page()
    for path in ("/", "/en/index.html", "/ky/index.html"):
        response = page.goto(deployment.nginx.url + path)
        assert response is not None and response.status == 200, path
        headers = response.headers
        for name, expected in HEADERS.items():
            assert expected in headers.get(name, ""), f"{path}: {name} is {headers.get(name)!r}"
    errors, _ = watch(page)  # a style, script or image the policy blocked is reported here
    page.goto(deployment.nginx.url + "/en/index.html")
    metric_pages = [page.evaluate("(a) => a.href", a) for a in page.locator("h3 a").element_handles()]
    charts = 0
    for url in metric_pages:  # every metric's page: its chart, its table, its download
        assert page.goto(url) is not None
        images = page.locator("img")
        charts += images.count()
        assert all(images.nth(i).evaluate("(img) => img.naturalWidth > 0") for i in range(images.count())), url
    assert charts >= 1 and page.locator("table").count() >= 1
    assert errors == [], "the headers block nothing the pages use"
    link = page.locator("a[href$='.csv']").first
    with page.expect_download() as download_info:
        link.click(modifiers=["Alt"])  # Alt-click downloads whatever the link's target
    downloaded = Path(download_info.value.path())
    assert downloaded.read_text(encoding="utf-8").splitlines()[0].count(",") >= 1, "a CSV with a header"
    csv_url = page.evaluate("(a) => a.href", link.element_handle())
    response = context.request.get(csv_url)
    assert response.status == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.headers["x-content-type-options"] == "nosniff"
    plain = context.request.get(f"http://127.0.0.1:{deployment.nginx.http_port}/en/index.html", max_redirects=0)
    assert plain.status == 301 and plain.headers["location"].startswith("https://"), "plain HTTP goes to TLS"
    context.close()


def check_nothing_but_the_site_is_reachable(deployment: Deployment, browser: Browser) -> None:
    context = browser.new_context(ignore_https_errors=True)
    for path in (
        "/confidential/",
        "/confidential/board/",
        "/published/",
        "/publications/",
        "/warehouse.duckdb",
        "/dagster_home/dagster.yaml",
        "/landing/",
        "/manifest.json",
        "/.building/",
        "/en/",  # a folder lists nothing
    ):
        status = context.request.get(deployment.nginx.url + path, max_redirects=0).status
        if path == "/en/":
            assert status in (200, 403, 404), path  # its index page, never a listing
        else:
            assert status in (403, 404), f"{path} answered {status}"
    context.close()
    # what a browser would normalise away, sent as written
    tls = ssl.create_default_context()
    tls.check_hostname, tls.verify_mode = False, ssl.CERT_NONE
    for raw in ("/../warehouse.duckdb", "/%2e%2e/warehouse.duckdb", "/..%2fconfidential/", "/en/../../confidential/"):
        connection = http.client.HTTPSConnection("127.0.0.1", deployment.nginx.https_port, context=tls, timeout=10)
        connection.request("GET", raw)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        assert response.status in (400, 403, 404), f"{raw} answered {response.status}"
        assert b"DUCK" not in body and b"board" not in body.lower()


def _status_of(instance: dg.DagsterInstance, run_id: str) -> dg.DagsterRunStatus | None:
    run = instance.get_run_by_id(run_id)
    return run.status if run else None


def test_the_team_deployment_end_to_end(deployment: Deployment, killed_night: KilledNight, tmp_path: Path) -> None:
    """One test, so that one worker sets the deployment up once (xdist would spread separate tests of
    this module over both workers, each starting its own PostgreSQL, nginx and nights)."""
    check_the_killed_night_was_failed_by_run_monitoring_and_the_retry_published(deployment, killed_night)
    check_the_ui_is_served(deployment)
    with_a_browser_of_its_own(
        lambda browser: check_the_site_through_nginx_has_every_header_and_its_downloads(deployment, browser)
    )
    with_a_browser_of_its_own(lambda browser: check_nothing_but_the_site_is_reachable(deployment, browser))
    check_hrp_backup_dumps_the_postgres_instance(deployment, tmp_path)
