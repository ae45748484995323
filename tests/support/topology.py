"""The production topology on loopback, from the committed deploy/ files: nginx (the site
file deploy/nginx/vuosikello.conf) before `vuosikello serve` replicas, `vuosikello worker`
processes, one controllable clock for all of them, and the PostgreSQL restart.

Used by tests/system/test_topology*.py and bench/national.py. Every process writes its log
under the caller's directory (the suite's secret grep reads them)."""

import os
import re
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from tests.support.paths import ROOT, VUOSIKELLO
from tests.support.ports import free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = ROOT / "deploy" / "nginx" / "vuosikello.conf"
PG_CLUSTER = os.environ.get("VUOSIKELLO_TEST_PG_CLUSTER", "15 main").split()


# The committed site's one upstream line, with whatever parameters it gives the replicas.
UPSTREAM_LINE = re.compile(r"^( *)server 127\.0\.0\.1:8000( [^;]*)?;$", re.MULTILINE)


def nginx_conf(tmp: Path, listen: int, upstreams: list[str]) -> Path:
    """The committed site with this run's listen address, upstreams and log paths, inside a
    minimal nginx.conf (what /etc/nginx/nginx.conf gives the site on a Debian host). Its
    `server 127.0.0.1:8000 ...;` line becomes one line per upstream with the same parameters,
    as docs/operations.md does it with sed."""
    site = SITE.read_text()
    line = UPSTREAM_LINE.search(site)
    assert line is not None, "no `server 127.0.0.1:8000 ...;` line in the site"
    indent, parameters = line.group(1), line.group(2) or ""
    servers = "\n".join(f"{indent}server {upstream}{parameters};" for upstream in upstreams)
    site = site[: line.start()] + servers + site[line.end() :]
    for placeholder, value in {
        "listen 80;": f"listen 127.0.0.1:{listen};",
        "/var/log/nginx/vuosikello.access.log": str(tmp / "access.log"),
    }.items():
        assert placeholder in site, placeholder
        site = site.replace(placeholder, value)
    (tmp / "site.conf").write_text(site)
    main = tmp / "nginx.conf"
    main.write_text(
        f"daemon off;\nworker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        f"  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;\n"
        f"  fastcgi_temp_path {tmp}/fcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;\n"
        f"  include {tmp}/site.conf;\n"
        "}\n"
    )
    return main


class Clock:
    """VUOSIKELLO_CLOCK_FILE for every process: real time plus a shift the caller moves
    forward (`jump`), rewritten every 50 ms so time flows between jumps."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.shift = timedelta(0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.shift

    def jump(self, delta: timedelta) -> None:
        self.shift += delta
        self._write()

    def _write(self) -> None:
        part = self.path.with_suffix(".part")
        part.write_text(self.now().isoformat())
        part.replace(self.path)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self._write()

    def __enter__(self) -> "Clock":
        self._write()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Process:
    """One `vuosikello` process, restartable with the same arguments and log (appended)."""

    name: str
    args: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen | None = None
    peak_rss_kb: int = 0  # the highest VmHWM seen, over every incarnation
    killed: int = 0

    def start(self) -> "Process":
        with self.log.open("a") as out:
            self.popen = subprocess.Popen(
                [str(VUOSIKELLO), *self.args], cwd=ROOT, env={**os.environ, **self.env},
                stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        return self

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def sample(self) -> None:
        """Note the process's peak resident memory so far (VmHWM) while it runs."""
        if not self.alive():
            return
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                self.peak_rss_kb = max(self.peak_rss_kb, int(line.split()[1]))

    def kill(self) -> None:
        """SIGKILL: no chance to finish anything."""
        self.sample()
        assert self.popen is not None
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=10)
        self.killed += 1

    def stop(self, timeout: float = 15) -> int | None:
        """SIGTERM, then SIGKILL after `timeout`; the exit code."""
        self.sample()
        if self.popen is None:
            return None
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        return self.popen.returncode


def wait_healthy(url: str, process: Process | subprocess.Popen, log: Path, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while True:
        alive = process.alive() if isinstance(process, Process) else process.poll() is None
        assert alive, f"{url} exited:\n{log.read_text()[-3000:]}"
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, f"{url} not healthy:\n{log.read_text()[-3000:]}"
        time.sleep(0.1)


@dataclass
class Topology:
    """nginx → `replicas` serve processes → PostgreSQL, and `workers` worker processes."""

    tmp: Path
    env: dict[str, str]
    replicas: int = 2
    workers: int = 2
    serve: list[Process] = field(default_factory=list)
    work: list[Process] = field(default_factory=list)
    nginx: subprocess.Popen | None = None
    url: str = ""

    def replica_url(self, index: int) -> str:
        return "http://" + self.serve[index].args[-1].replace("--port=", "127.0.0.1:")

    def start(self) -> "Topology":
        for index in range(self.replicas):
            port = free_port()
            self.serve.append(
                Process(f"api{index + 1}", ["serve", f"--port={port}"], self.env,
                        self.tmp / f"api{index + 1}.log").start()
            )  # fmt: skip
        for index, replica in enumerate(self.serve):
            wait_healthy(self.replica_url(index), replica, replica.log)
        for index in range(self.workers):
            self.work.append(
                Process(f"worker{index + 1}", ["worker"], self.env,
                        self.tmp / f"worker{index + 1}.log").start()
            )  # fmt: skip
        listen = free_port()
        upstreams = [self.replica_url(i).removeprefix("http://") for i in range(self.replicas)]
        conf = nginx_conf(self.tmp, listen, upstreams)
        check = subprocess.run(
            [NGINX, "-t", "-c", str(conf), "-p", str(self.tmp)],
            capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        assert check.returncode == 0, check.stderr
        self.nginx = subprocess.Popen(
            [NGINX, "-c", str(conf), "-p", str(self.tmp)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.url = f"http://127.0.0.1:{listen}"
        wait_healthy(self.url, self.nginx, self.tmp / "error.log", timeout=30)
        return self

    def processes(self) -> list[Process]:
        return [*self.serve, *self.work]

    def sample(self) -> None:
        for process in self.processes():
            process.sample()

    def restart(self, process: Process) -> None:
        process.start()
        if process in self.serve:
            wait_healthy(self.replica_url(self.serve.index(process)), process, process.log)

    def stop(self) -> dict[str, int | None]:
        """Everything stopped with SIGTERM; each process's exit code."""
        codes = {process.name: process.stop() for process in self.processes()}
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.terminate()
            self.nginx.wait(timeout=10)
        return codes


def restart_postgresql() -> float:
    """`pg_ctlcluster <version> <name> restart` (every database of the cluster restarts);
    the seconds it took."""
    started = time.monotonic()
    subprocess.run(["pg_ctlcluster", *PG_CLUSTER, "restart"], check=True, timeout=120)
    return time.monotonic() - started
