"""Under the real `vuosikello serve`: one JSON line per request, and no credential in any line."""

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


def test_request_lines_are_json_and_never_hold_a_credential():
    workdir = Path(tempfile.mkdtemp(prefix="vuosikello-json-log-"))
    env = {
        "VUOSIKELLO_DATABASE_URL": f"sqlite+aiosqlite:///{workdir}/v.db",
        "VUOSIKELLO_ENV": "development",
        "VUOSIKELLO_WEBHOOK_ALLOW_PRIVATE_NETWORKS": "true",
        "VUOSIKELLO_METRICS_TOKEN": "metrics-token-" + "m" * 24,
    }
    run = {"env": {**os.environ, **env}, "check": True, "capture_output": True, "timeout": 120}
    subprocess.run([VUOSIKELLO, "migrate"], **run)
    created = subprocess.run(
        [VUOSIKELLO, "clients", "create", "--name", "a", "--role", "admin", "--json"],
        text=True, **run,
    )  # fmt: skip
    creds = json.loads(created.stdout)
    with live_server(workdir / "server.log", env, cwd=workdir) as base:
        token = httpx.post(
            f"{base}/v1/auth/token", data={"grant_type": "client_credentials", **creds}
        ).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}", "X-Request-Id": "trace-42"}
        network = httpx.post(f"{base}/v1/networks", json={"name": "Loki"}, headers=auth).json()
        feed = httpx.post(
            f"{base}/v1/feeds", json={"scope": "network", "network_id": network["id"]}, headers=auth
        ).json()
        feed_token = feed["https_url"].rsplit("/", 1)[1].removesuffix(".ics")
        assert httpx.get(f"{base}/ical/{feed_token}.ics").status_code == 200
        assert httpx.get(f"{base}/ical/{feed_token}").status_code == 404
        hook = httpx.post(
            f"{base}/v1/webhooks",
            json={"network_id": network["id"], "url": "http://127.0.0.1:9/hook"},
            headers=auth,
        ).json()
        webhook_secret = hook["secret"]
        metrics = {"Authorization": f"Bearer {env['VUOSIKELLO_METRICS_TOKEN']}"}
        assert httpx.get(f"{base}/metrics", headers=metrics).status_code == 200
        assert (
            httpx.get(f"{base}/v1/networks", headers={"Authorization": "Bearer nope"}).status_code
            == 401
        )
    text = (workdir / "server.log").read_text()
    shutil.rmtree(workdir, ignore_errors=True)

    # Every line but the migration's own console message is one JSON object.
    printed = [line for line in text.splitlines() if line.strip()]
    assert [line for line in printed if not line.startswith("{")] == ["database is up to date"]
    lines = [json.loads(line) for line in printed if line.startswith("{")]
    requests = [line for line in lines if line["logger"] == "vuosikello.request"]
    for line in requests:
        assert {"request_id", "method", "route", "status", "duration_ms"} <= line.keys(), line
    networks = [line for line in requests if line["route"] == "/v1/networks"]
    assert networks[0]["request_id"] == "trace-42"
    assert networks[0]["client_id"] == creds["client_id"]
    assert networks[0]["status"] == 201
    feed_routes = {line["route"] for line in requests if line["route"].startswith("/ical/")}
    assert feed_routes and all("{" in route for route in feed_routes)  # templates only
    for secret in (
        creds["client_secret"],
        token,
        feed_token,
        webhook_secret,
        webhook_secret.removeprefix("whsec_"),
        env["VUOSIKELLO_METRICS_TOKEN"],
    ):
        assert secret not in text
