"""The documented topology: the committed nginx site (deploy/nginx/vuosikello.conf, one
`server` line per replica as docs/operations.md says) in front of two real `vuosikello serve`
replicas on PostgreSQL: it balances them, replaces X-Forwarded-For with the client's address,
which the trusted-proxy setting believes, and serves the health checks."""

import json
import subprocess
import time
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.support import BACKEND, DATABASE_URL, live_server
from tests.support.ports import free_port
from tests.support.topology import NGINX, nginx_conf

pytestmark = [
    pytest.mark.system,
    pytest.mark.skipif(BACKEND != "postgresql", reason="the replicas share PostgreSQL"),
]


def test_nginx_balances_two_replicas_and_passes_the_client_address(
    tmp_path: Path, admin_credentials
):
    env = {
        "VUOSIKELLO_DATABASE_URL": DATABASE_URL,
        "VUOSIKELLO_TRUSTED_PROXIES": "127.0.0.1",
    }
    with ExitStack() as stack:
        replicas = [stack.enter_context(live_server(tmp_path / f"api{n}.log", env)) for n in (1, 2)]
        listen = free_port()
        conf = nginx_conf(tmp_path, listen, [r.removeprefix("http://") for r in replicas])
        check = subprocess.run(
            [NGINX, "-t", "-c", str(conf), "-p", str(tmp_path)],
            capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        assert check.returncode == 0, check.stderr
        nginx = subprocess.Popen(
            [NGINX, "-c", str(conf), "-p", str(tmp_path)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        stack.callback(lambda: (nginx.terminate(), nginx.wait(timeout=10)))
        base = f"http://127.0.0.1:{listen}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "error.log").read_text()
            time.sleep(0.1)

        assert httpx.get(f"{base}/readyz", timeout=10).json() == {"status": "ok"}
        assert httpx.get(f"{base}/metrics", timeout=10).status_code == 401  # token needed
        token = httpx.post(
            f"{base}/v1/auth/token",
            data={"grant_type": "client_credentials", **admin_credentials},
            timeout=30,
        ).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        for _ in range(10):
            assert httpx.get(f"{base}/v1/networks", headers=auth, timeout=30).status_code == 200
        forwarded = {**auth, "X-Forwarded-For": "203.0.113.7"}
        network = httpx.post(
            f"{base}/v1/networks", json={"name": "Välityspalvelin"}, headers=forwarded, timeout=30
        )
        assert network.status_code == 201, network.text
        audit = httpx.get(
            f"{base}/v1/audit-log",
            params={"resource_id": network.json()["id"]},
            headers=auth,
            timeout=30,
        ).json()["data"]
        assert [entry["ip"] for entry in audit] == ["127.0.0.1"]  # a forged hop is dropped
        direct = httpx.post(f"{base}/v1/networks", json={"name": "Suora"}, headers=auth)
        audit = httpx.get(
            f"{base}/v1/audit-log", params={"resource_id": direct.json()["id"]}, headers=auth
        ).json()["data"]
        assert [entry["ip"] for entry in audit] == ["127.0.0.1"]
        assert direct.headers["x-request-id"]
    access = (tmp_path / "access.log").read_text()
    served = []
    for replica in (1, 2):
        log = (tmp_path / f"api{replica}.log").read_text().splitlines()
        lines = [json.loads(line) for line in log if line.startswith("{")]
        served.append(sum(1 for line in lines if line.get("route") == "/v1/networks"))
    assert all(count >= 1 for count in served), served  # both replicas answered
    assert sum(served) == 12  # 10 reads and 2 writes
    access = (tmp_path / "access.log").read_text()
    assert "/ical/" not in access and "?" not in access
