"""Under the real `vuosikello serve`, the access log never prints a feed or embed token."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import httpx
import pytest

from tests.support import VUOSIKELLO, live_server

pytestmark = pytest.mark.system


def test_access_log_redacts_the_feed_token():
    workdir = Path(tempfile.mkdtemp(prefix="vuosikello-ical-log-"))
    env = {
        "VUOSIKELLO_DATABASE_URL": f"sqlite+aiosqlite:///{workdir}/v.db",
        "VUOSIKELLO_ENV": "development",
    }
    subprocess.run(
        [VUOSIKELLO, "migrate"],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        timeout=120,
    )
    created = subprocess.run(
        [VUOSIKELLO, "clients", "create", "--name", "a", "--role", "admin", "--json"],
        env={**os.environ, **env}, check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    creds = json.loads(created.stdout)
    with live_server(workdir / "server.log", env, cwd=workdir) as base:
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
        embed = httpx.post(
            f"{base}/v1/wheel-embeds",
            json={
                "scope": "network",
                "network_id": network["id"],
                "name": "Loki",
                "allowed_origins": ["https://intranet.example.fi"],
            },
            headers=auth,
        )
        assert embed.status_code == 201, embed.text
        embed_token = embed.json()["url"].rsplit("/wheel/", 1)[1]
        assert httpx.get(f"{base}/wheel/{embed_token}").status_code == 200
    text = (workdir / "server.log").read_text()
    shutil.rmtree(workdir, ignore_errors=True)
    assert "/ical/[redacted]" in text
    assert secret not in text
    assert "/wheel/[redacted]" in text and embed_token not in text
