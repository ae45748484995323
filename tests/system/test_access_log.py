"""Under the real `vuosikello serve`, the access log never prints a feed token."""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_access_log_redacts_the_feed_token():
    workdir = Path(tempfile.mkdtemp(prefix="vuosikello-ical-log-"))
    env = {
        **os.environ,
        "VUOSIKELLO_DATABASE_URL": f"sqlite+aiosqlite:///{workdir}/v.db",
        "VUOSIKELLO_ENV": "development",
    }
    log = open(workdir / "server.log", "wb")  # noqa: SIM115
    server = None
    try:
        subprocess.run([BIN / "vuosikello", "migrate"], env=env, check=True, capture_output=True)
        created = subprocess.run(
            [BIN / "vuosikello", "clients", "create", "--name", "a", "--role", "admin", "--json"],
            env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        creds = json.loads(created.stdout)
        port = _free_port()
        server = subprocess.Popen(
            [BIN / "vuosikello", "serve", "--port", str(port)],
            env=env, cwd=workdir, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        token = httpx.post(
            f"{base}/v1/auth/token",
            data={"grant_type": "client_credentials", **creds},
        ).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        network = httpx.post(f"{base}/v1/networks", json={"name": "Loki"}, headers=auth).json()
        feed = httpx.post(
            f"{base}/v1/feeds", json={"scope": "network", "network_id": network["id"]}, headers=auth
        ).json()
        secret = feed["https_url"].rsplit("/", 1)[1].removesuffix(".ics")
        assert (
            httpx.get(feed["https_url"].replace("http://127.0.0.1:8000", base)).status_code == 200
        )
        assert httpx.get(f"{base}/ical/{secret}x.ics").status_code == 404
        assert httpx.get(f"{base}/ical/{secret}").status_code == 404  # mistyped: still redacted
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        log.close()
    text = (workdir / "server.log").read_text()
    shutil.rmtree(workdir, ignore_errors=True)
    assert "/ical/[redacted]" in text
    assert secret not in text
