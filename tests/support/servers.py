"""Real processes for system tests: `vuosikello serve` answering /healthz, and `vuosikello
worker`; each bounded by timeouts and stopped afterwards (SIGTERM, then SIGKILL)."""

import os
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.support.paths import ROOT, VUOSIKELLO
from tests.support.ports import free_port


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """SIGTERM, and SIGKILL if it has not exited within `timeout` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until_healthy(base_url: str, process: subprocess.Popen, log_path: Path, timeout: float):
    """Poll /healthz until it answers 200; fail with the server's log if it exits or times out."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise AssertionError(
                f"vuosikello serve exited with {process.returncode}:\n{log_path.read_text()}"
            )
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(
                f"vuosikello serve did not answer within {timeout:.0f} s:\n{log_path.read_text()}"
            )
        time.sleep(0.1)


@contextmanager
def live_server(
    log_path: Path,
    env: dict[str, str],
    *,
    args: Sequence[str] = (),
    cwd: Path = ROOT,
    port: int | None = None,
    timeout: float = 120,
) -> Iterator[str]:
    """`vuosikello serve *args` in a subprocess with `env` on top of this process's
    environment, answering /healthz; yields its base URL and stops it afterwards. Its output
    goes to `log_path`, for the caller to inspect. `port` is free_port() unless given (for a
    server that must know its own address in advance)."""
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(VUOSIKELLO), "serve", "--port", str(port), *args],
            cwd=cwd,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_healthy(base_url, process, log_path, timeout)
        yield base_url
    finally:
        stop(process)


def start_worker(env: dict[str, str], log_path: Path | None = None) -> subprocess.Popen:
    """`vuosikello worker` in a subprocess with `env` on top of this process's environment;
    the caller stops it with `stop()`. Output goes to `log_path`, or is inherited."""
    command = [str(VUOSIKELLO), "worker"]
    if log_path is None:
        return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    with log_path.open("w") as log:
        return subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT
        )
