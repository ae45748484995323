"""deploy/nginx/vuosikello.conf with a real nginx in front of a real `vuosikello serve`:
header limits, X-Forwarded-For replaced (and believed from the proxy only), and an access
log without query strings or feed tokens."""

import contextlib
import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import free_port, live_server
from tests.support.database import DATABASE_URL
from tests.support.topology import nginx_conf

pytestmark = pytest.mark.system

NGINX = shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin:/usr/local/sbin")
# The client's own loopback address (shared per-address limits on PostgreSQL).
ADDRESS = "127." + ".".join(str(max(b, 2)) for b in uuid.uuid4().bytes[:3])


@pytest.fixture(scope="module")
def proxied(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    if NGINX is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is required in CI (tests/run.sh installs nginx-light)")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    workdir = tmp_path_factory.mktemp("nginx")
    env = {"VUOSIKELLO_DATABASE_URL": DATABASE_URL, "VUOSIKELLO_TRUSTED_PROXIES": "127.0.0.1"}
    with live_server(workdir / "serve.log", env) as base:
        port = free_port()
        conf = nginx_conf(workdir, port, [base.removeprefix("http://")])
        check = subprocess.run([NGINX, "-t", "-c", str(conf)], capture_output=True, timeout=30)
        assert check.returncode == 0, check.stderr.decode()
        nginx = subprocess.Popen([NGINX, "-c", str(conf)], stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while True:
                with contextlib.suppress(httpx.TransportError):
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                assert nginx.poll() is None, (workdir / "error.log").read_text()
                assert time.monotonic() < deadline, "nginx did not answer within 30 s"
                time.sleep(0.1)
            yield url, workdir
        finally:
            nginx.terminate()
            try:
                nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                nginx.kill()
                nginx.wait()


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(transport=httpx.HTTPTransport(local_address=ADDRESS), timeout=30) as client:
        yield client


def _raw_status(url: str, head: bytes) -> int:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(head)
        answer = b""
        with contextlib.suppress(ConnectionResetError):
            while b"\r\n" not in answer and (chunk := sock.recv(4096)):
                answer += chunk
    return int(answer.split(b" ", 2)[1])


def test_header_limits(proxied):
    url, _ = proxied
    line = b"Authorization: Bearer " + b"A" * (32 * 1024) + b"\r\n"
    assert _raw_status(url, b"GET /v1/networks HTTP/1.1\r\nHost: x\r\n" + line + b"\r\n") == 400
    many = b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 15000) for i in range(6))  # 90 KiB in all
    assert _raw_status(url, b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n") == 400
    ordinary = b"".join(b"X-H%d: v\r\n" % i for i in range(50))
    assert _raw_status(url, b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + ordinary + b"\r\n") == 200


def test_forwarded_for_is_the_proxys_word_and_the_log_holds_no_token(
    proxied, http, admin_credentials
):
    url, workdir = proxied
    response = http.post(
        f"{url}/v1/auth/token", data={"grant_type": "client_credentials", **admin_credentials}
    )
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    created = http.post(
        f"{url}/v1/networks",
        json={"name": f"Proxy {uuid.uuid4().hex[:6]}"},
        headers={**auth, "X-Forwarded-For": "203.0.113.9"},
    )
    assert created.status_code == 201, created.text
    entries = http.get(
        f"{url}/v1/audit-log", params={"resource_id": created.json()["id"]}, headers=auth
    ).json()["data"]
    assert [e["ip"] for e in entries] == [ADDRESS]  # the client nginx saw, not the forgery

    feed = http.post(
        f"{url}/v1/feeds", json={"scope": "network", "network_id": created.json()["id"]},
        headers=auth,
    ).json()  # fmt: skip
    feed_token = feed["https_url"].rsplit("/", 1)[1].removesuffix(".ics")
    assert http.get(f"{url}/ical/{feed_token}.ics").status_code == 200
    assert http.get(f"{url}/v1/networks?access_token={token}").status_code == 401
    time.sleep(0.5)
    log = (workdir / "access.log").read_text()
    assert "/ical/[redacted]" in log and "GET /v1/networks " in log
    for secret in (token, feed_token, admin_credentials["client_secret"]):
        assert secret not in log
        assert secret not in (workdir / "serve.log").read_text()
