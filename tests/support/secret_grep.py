"""The suite-wide secret grep: no log line of the whole run holds a secret the suite was given.

Collected while the suite runs (tests/conftest.py installs it):
- every secret the service hands out, read from the responses of every httpx client of the
  test process (`client_secret`, `access_token`, webhook `secret`, feed and embed tokens in
  their URLs, ...), every bearer token a test sends (the OIDC provider's too), the CLI's
  printed credentials (tests/support/cli.py), and what a test registers itself (`REGISTRY.add`);
- every log record the product's loggers (`vuosikello.*`, `uvicorn.*`, `apscheduler`) emit in
  the test process at the levels configured (what caplog sees), unredacted; the servers' own
  request lines (INFO) are in the system tests' log files, which are read as well.

At the end of the session the process that is not an xdist worker reads every `*.log` file
under the session's base temporary directory (the system tests' server, worker, nginx and SMTP
logs, and each xdist worker's captured records) and fails the run if one holds a registered
secret. Secrets and records are appended to files as they come, so xdist workers need no
hand-over. The suite's own httpx request lines are not the product's and are not collected.

A secret is compared by its runs of URL-safe characters of at least 16 (a JWT by its payload
and signature), so it is found however a line quotes or delimits it.
"""

import json
import logging
import os
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

RUN = re.compile(r"[A-Za-z0-9_\-]{16,}")
SECRET_KEYS = frozenset(
    {"client_secret", "access_token", "refresh_token", "id_token", "secret", "token",
     "embed_token", "feed_token", "password", "metrics_token"}
)  # fmt: skip
TOKEN_URL = re.compile(r"/(?:ical|wheel)/([A-Za-z0-9_\-]{16,})")
SECRETS_FILE = "issued-secrets.txt"  # not a .log: never scanned itself
CAPTURED_LOG = "captured-records.log"
PRODUCT_LOGGERS = ("vuosikello", "uvicorn", "apscheduler", "app")


def needles(secret: str) -> set[str]:
    """The runs a leak of `secret` would show (a JWT's shared header run left out)."""
    runs = RUN.findall(secret)
    if secret.startswith("eyJ") and secret.count(".") == 2:
        runs = RUN.findall(secret.split(".", 1)[1])
    return set(runs)


class Registry:
    """Secrets issued so far, mirrored to `path` (one a line) when it is set."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.runs: set[str] = set()
        self._lock = threading.Lock()

    def add(self, secret: object) -> None:
        if not isinstance(secret, str) or len(secret) < 16:
            return
        new = needles(secret) - self.runs
        if not new:
            return
        with self._lock:
            self.runs |= new
            if self.path is not None:
                with self.path.open("a") as out:
                    out.writelines(run + "\n" for run in sorted(new))

    def harvest(self, document: Any) -> None:
        """Every secret-named value and token URL in a decoded JSON document."""
        if isinstance(document, dict):
            for key, value in document.items():
                if key in SECRET_KEYS and isinstance(value, str):
                    self.add(value)
                elif isinstance(value, str) and "/" in value:
                    for token in TOKEN_URL.findall(value):
                        self.add(token)
                else:
                    self.harvest(value)
        elif isinstance(document, list):
            for item in document:
                self.harvest(item)

    def harvest_text(self, text: str) -> None:
        """A command's JSON output (`vuosikello clients create --json`), if it is JSON."""
        try:
            self.harvest(json.loads(text))
        except ValueError:
            return

    def harvest_request(self, request: httpx.Request) -> None:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            self.add(value.strip())

    def harvest_response(self, response: httpx.Response) -> None:
        if "json" not in response.headers.get("content-type", ""):
            return
        try:
            self.harvest(response.json())
        except (ValueError, httpx.ResponseNotRead):
            return


def read_runs(paths: Iterable[Path]) -> set[str]:
    runs: set[str] = set()
    for path in paths:
        runs.update(line for line in path.read_text().splitlines() if line)
    return runs


@dataclass(frozen=True)
class Leak:
    path: Path
    line_number: int
    secret: str  # only its first characters: the report must not leak it either

    def __str__(self) -> str:
        return f"{self.path}:{self.line_number}: holds a secret starting {self.secret[:6]}…"


def leaks_in(paths: Iterable[Path], runs: set[str]) -> Iterator[Leak]:
    """Every line of the files that holds one of the runs."""
    for path in paths:
        try:
            text = path.read_text(errors="replace")
        except OSError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            for run in RUN.findall(line):
                if run in runs:
                    yield Leak(path, number, run)
                    break


def log_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.log") if p.is_file())


class RecordFile(logging.Handler):
    """Appends the product loggers' records, unredacted, to a file (caplog sees the same)."""

    def __init__(self, path: Path) -> None:
        super().__init__(logging.DEBUG)
        self.path = path
        self._out = path.open("a", buffering=1)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(PRODUCT_LOGGERS):
            return
        try:
            self._out.write(self.format(record).replace("\n", "\n  ") + "\n")
        except Exception:
            self.handleError(record)

    def close(self) -> None:
        self._out.close()
        super().close()


REGISTRY = Registry()
_installed: list[Any] = []


def install(directory: Path) -> None:
    """Start collecting into `directory` (the session's base temporary directory)."""
    directory.mkdir(parents=True, exist_ok=True)
    REGISTRY.path = directory / SECRETS_FILE
    for name in ("VUOSIKELLO_SECRET_KEY", "VUOSIKELLO_METRICS_TOKEN", "VUOSIKELLO_SMTP_PASSWORD"):
        REGISTRY.add(os.environ.get(name))
    handler = RecordFile(directory / CAPTURED_LOG)
    logging.getLogger().addHandler(handler)
    sync_send, async_send = httpx.Client.send, httpx.AsyncClient.send

    def send(self: httpx.Client, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        REGISTRY.harvest_request(request)
        response = sync_send(self, request, **kwargs)
        if not kwargs.get("stream"):
            REGISTRY.harvest_response(response)
        return response

    async def asend(self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any):
        REGISTRY.harvest_request(request)
        response = await async_send(self, request, **kwargs)
        if not kwargs.get("stream"):
            REGISTRY.harvest_response(response)
        return response

    httpx.Client.send = send  # type: ignore[method-assign]
    httpx.AsyncClient.send = asend  # type: ignore[method-assign]
    _installed.extend([handler, sync_send, async_send])


def check(root: Path) -> list[Leak]:
    """Every leak under `root`: the secrets every process registered, in every log file."""
    runs = read_runs(root.rglob(SECRETS_FILE)) | REGISTRY.runs
    return list(leaks_in(log_files(root), runs))


def fail_on_leaks(session: Any) -> None:
    """pytest_sessionfinish: in the process that is not an xdist worker, fail the run when a
    log file under the base temporary directory holds a secret."""
    config = session.config
    if hasattr(config, "workerinput"):
        return
    leaks = check(config._tmp_path_factory.getbasetemp())
    if not leaks:
        return
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"secret grep: {len(leaks)} log line(s) hold a secret the suite was given"]
    lines += [f"  {leak}" for leak in leaks[:50]]
    if reporter is not None:
        reporter.write_line("\n".join(lines), red=True, bold=True)
    session.exitstatus = 1  # pytest.ExitCode.TESTS_FAILED
