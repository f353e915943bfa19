"""Real services for the deployment test: Debian's PostgreSQL and nginx, and the Dagster daemon and
webserver started from the commands of the shipped systemd units (systemd is not PID 1 here).

Every process is started on 127.0.0.1, on a port nobody uses, with its data under a temporary
folder, and stopped by the fixture that started it.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
DEPLOY = REPOSITORY / "deploy"
INSTALL_ROOT = "/srv/hrp"  # where the shipped files expect the checkout; the test's checkout stands in


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(ready: Callable[[], bool], seconds: float, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.3)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise TimeoutError(f"{what} not ready after {seconds:.0f} s\n{tail}")


def ensure_packages(packages: list[str], present: Callable[[], bool]) -> None:
    """Install Debian packages when missing (as root, as CI runs); skip, saying why, when not root."""
    if present():
        return
    if os.geteuid() != 0:
        pytest.skip(f"{', '.join(packages)} not installed, and installing them needs root (apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=env, capture_output=True)
    assert present(), f"{packages} installed but not found"


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


@dataclass(frozen=True)
class Postgres:
    port: int
    database: str
    user: str
    password: str

    def environment(self) -> dict[str, str]:
        """What /etc/hrp/environment gives the services (deploy/environment.example)."""
        return {
            "DAGSTER_PG_HOST": "127.0.0.1",
            "DAGSTER_PG_PORT": str(self.port),
            "DAGSTER_PG_DB": self.database,
            "DAGSTER_PG_USER": self.user,
            "DAGSTER_PG_PASSWORD": self.password,
        }


@contextmanager
def postgres(base: Path) -> Iterator[Postgres]:
    """A PostgreSQL cluster of its own (as the ``postgres`` user when we are root: it refuses root)."""
    ensure_packages(["postgresql"], lambda: postgres_bin() is not None)
    binaries = postgres_bin()
    assert binaries is not None
    base.mkdir(parents=True)
    as_root = os.geteuid() == 0
    user = "postgres" if as_root else None
    if as_root:
        owner = pwd.getpwnam("postgres")
        os.chown(base, owner.pw_uid, owner.pw_gid)
    data, port, password = base / "cluster", free_port(), "test-password-not-secret"
    (base / "password").write_text(password)
    if as_root:
        os.chown(base / "password", owner.pw_uid, owner.pw_gid)
    subprocess.run(
        [
            binaries / "initdb",
            "-D",
            data,
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--pwfile",
            base / "password",
            "-E",
            "UTF8",
            "--no-locale",
        ],
        check=True,
        capture_output=True,
        user=user,
    )
    log = base / "postgres.log"
    settings = ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", f"unix_socket_directories={base}"]
    with log.open("w") as out:
        process = subprocess.Popen(
            [binaries / "postgres", "-D", data, "-p", str(port), *settings], stdout=out, stderr=out, user=user
        )
    try:
        ready = [binaries / "pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port)]
        wait_until(lambda: subprocess.run(ready, check=False).returncode == 0, 60, "PostgreSQL", log)
        psql = [binaries / "psql", "-q", "-h", str(base), "-p", str(port), "-U", "postgres"]
        psql += [
            "-c",
            "CREATE ROLE dagster LOGIN PASSWORD 'dagster-test'",
            "-c",
            "CREATE DATABASE dagster OWNER dagster",
        ]
        subprocess.run(psql, check=True, capture_output=True, user=user)
        yield Postgres(port, "dagster", "dagster", "dagster-test")
    finally:
        process.send_signal(signal.SIGINT)  # fast shutdown
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Nginx:
    http_port: int
    https_port: int

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"


def site_config(data_root: Path, http_port: int, https_port: int, cert: Path, key: Path) -> str:
    """deploy/nginx-site.conf with this machine's values: ports, data root, certificate."""
    text = (DEPLOY / "nginx-site.conf").read_text(encoding="utf-8")
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        f"{INSTALL_ROOT}/data": str(data_root),
        "/etc/ssl/certs/progress.example.org.pem": str(cert),
        "/etc/ssl/private/progress.example.org.key": str(key),
    }
    for old, new in replacements.items():
        assert old in text, f"deploy/nginx-site.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


@contextmanager
def nginx(base: Path, data_root: Path) -> Iterator[Nginx]:
    """Debian's nginx with the shipped server block, workers as www-data when we are root (so the data
    root's modes are tested as the web server meets them)."""
    ensure_packages(["nginx"], lambda: Path("/usr/sbin/nginx").exists())
    base.mkdir(parents=True)
    cert, key = base / "cert.pem", base / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            key,
            "-out",
            cert,
        ],
        check=True,
        capture_output=True,
    )
    http_port, https_port = free_port(), free_port()
    (base / "site.conf").write_text(site_config(data_root, http_port, https_port, cert, key))
    temp = {name: base / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    user = "user www-data;" if os.geteuid() == 0 else ""
    (base / "nginx.conf").write_text(
        f"""{user}
worker_processes 1;
daemon off;
pid {base}/nginx.pid;
error_log {base}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {base}/access.log;
    client_body_temp_path {temp["body"]}; proxy_temp_path {temp["proxy"]}; fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]}; scgi_temp_path {temp["scgi"]};
    include {base}/site.conf;
}}
"""
    )
    command = ["/usr/sbin/nginx", "-p", str(base), "-c", str(base / "nginx.conf")]
    subprocess.run([*command, "-t"], check=True, capture_output=True)
    with (base / "stderr.log").open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=out)
    try:
        wait_until(lambda: _answers(http_port), 30, "nginx", base / "error.log")
        yield Nginx(http_port, https_port)
    finally:
        process.send_signal(signal.SIGQUIT)  # graceful
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _answers(port: int) -> bool:
    """Whether anything answers HTTP on the port (nginx's plain server redirects to TLS: not followed)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("HEAD", "/")
        return connection.getresponse().status > 0
    except OSError:
        return False
    finally:
        connection.close()


def unit_command(unit: str, **replace: str) -> list[str]:
    """A shipped unit's ExecStart, with the checkout's virtual environment standing in for /srv/hrp's."""
    line = next(
        line for line in (DEPLOY / unit).read_text().splitlines() if line.startswith("ExecStart=")
    ).removeprefix("ExecStart=")
    line = line.replace(f"{INSTALL_ROOT}/.venv/bin", str(Path(sys.executable).parent))
    for old, new in replace.items():
        assert old in line, f"{unit}: ExecStart has no {old!r}"
        line = line.replace(old, new)
    return shlex.split(line)


class Service:
    """A long-running process started as its unit would start it, in a process group of its own."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], logs: Path) -> None:
        self.name, self.command, self.env, self.log = name, command, env, logs / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                self.command, cwd=REPOSITORY, env=self.env, stdout=out, stderr=out, start_new_session=True
            )

    def kill(self) -> None:
        """SIGKILL to the whole group (the daemon, its code server, and any run worker)."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        """What systemd does: SIGINT (KillSignal), then SIGKILL after the timeout."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=30)
        self.kill()


def passable_tmp(prefix: str) -> Path:
    """A folder under /tmp the web server's user can pass through (pytest's own are closed to it)."""
    import tempfile

    base = Path(tempfile.mkdtemp(prefix=prefix))
    base.chmod(0o711)
    return base


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
