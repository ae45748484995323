"""The committed Postman collection, run whole by newman against a real `vuosikello serve` with
a client made by the CLI: every request answers and every pm.test passes."""

import json
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.support import DATABASE_URL, ROOT, live_server
from tests.support.cli import run_cli
from tests.support.node import NEWMAN, missing

pytestmark = pytest.mark.system

COLLECTION = ROOT / "postman" / "vuosikello.postman_collection.json"
ENVIRONMENT = ROOT / "postman" / "vuosikello.postman_environment.json"


class _Hooks(BaseHTTPRequestHandler):
    received: list[dict[str, str]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.received.append({k.lower(): v for k, v in self.headers.items()})
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_newman_runs_the_whole_collection(tmp_path: Path, migrated_database: None):
    reason = missing()
    if reason and os.environ.get("CI") == "true":
        pytest.fail(reason)
    if reason:
        pytest.skip(reason)
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), _Hooks)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    env = {
        "VUOSIKELLO_DATABASE_URL": DATABASE_URL,
        "VUOSIKELLO_WEBHOOK_ALLOW_PRIVATE_NETWORKS": "true",
    }
    created = run_cli(
        "clients", "create", "--name", "Postman", "--role", "admin", "--json", env=env
    )
    assert created.returncode == 0, created.stderr
    credentials = json.loads(created.stdout)
    report = tmp_path / "newman.json"
    try:
        with live_server(tmp_path / "serve.log", env) as base_url:
            done = subprocess.run(
                [
                    str(NEWMAN), "run", str(COLLECTION), "--environment", str(ENVIRONMENT),
                    "--env-var", f"baseUrl={base_url}",
                    "--env-var", f"clientId={credentials['client_id']}",
                    "--env-var", f"clientSecret={credentials['client_secret']}",
                    "--env-var", f"webhookUrl=http://127.0.0.1:{receiver.server_port}/hooks",
                    "--reporters", "cli,json", "--reporter-json-export", str(report),
                    "--timeout-request", "60000", "--color", "off",
                ],
                cwd=ROOT, capture_output=True, text=True, timeout=600,
            )  # fmt: skip
    finally:
        receiver.shutdown()
    run = json.loads(report.read_text())["run"]
    stats = run["stats"]
    failures = [f"{f['source'].get('name')}: {f['error'].get('message')}" for f in run["failures"]]
    assert not failures, "\n".join(failures) + "\n" + done.stdout[-4000:]
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr
    assert stats["requests"]["failed"] == 0 and stats["assertions"]["failed"] == 0
    # Every request of the collection ran, and checked something.
    assert stats["requests"]["total"] >= 80 + 19
    assert stats["assertions"]["total"] >= stats["requests"]["total"]
    # The test ping reached the receiver, signed.
    assert any("webhook-signature" in headers for headers in _Hooks.received)
