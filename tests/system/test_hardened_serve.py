"""The real `vuosikello serve`: request heads are bounded, X-Forwarded-For is believed only
from VUOSIKELLO_TRUSTED_PROXIES, and its log never holds a token or a secret."""

import contextlib
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import live_server
from tests.support.database import DATABASE_URL

pytestmark = pytest.mark.system


# An address of the 127/8 loopback net of this module's own: on PostgreSQL the per-address
# token limit is shared by every server on the database, and the suite's others see 127.0.0.1.
ADDRESS = "127." + ".".join(str(max(b, 2)) for b in uuid.uuid4().bytes[:3])


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    env = {
        "VUOSIKELLO_DATABASE_URL": DATABASE_URL,
        "VUOSIKELLO_TRUSTED_PROXIES": "",
        "VUOSIKELLO_TOKEN_RATE_LIMIT_PER_MINUTE": "5",
        # What many container set-ups export for uvicorn: it must change nothing here.
        "FORWARDED_ALLOW_IPS": "*",
    }
    with live_server(log_path, env) as base:
        yield base, log_path


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(transport=httpx.HTTPTransport(local_address=ADDRESS), timeout=30) as client:
        yield client


def _raw(base: str, head: bytes, timeout: float = 20) -> bytes:
    """Send a request head over a plain socket and read the answer until the server closes
    the connection (a refusal closes it), whatever it does with the rest of what we send."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection(
        (host, int(port)), timeout=timeout, source_address=(ADDRESS, 0)
    ) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(head)  # refused mid-send: the answer may already be waiting
        answer = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                answer += chunk
        return answer


def _status(answer: bytes) -> int:
    assert answer, "no answer"
    return int(answer.split(b" ", 2)[1])


def test_a_huge_authorization_header_is_refused_before_the_app(served):
    base, _ = served
    huge = b"Bearer " + b"A" * (4 * 1024 * 1024)
    answer = _raw(
        base, b"GET /v1/networks HTTP/1.1\r\nHost: x\r\nAuthorization: " + huge + b"\r\n\r\n"
    )
    assert _status(answer) == 431, answer[:300]
    assert b"application/problem+json" in answer


def test_too_many_headers_are_refused(served):
    base, _ = served
    headers = b"".join(b"X-H%d: v\r\n" % i for i in range(1000))
    answer = _raw(base, b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n")
    assert _status(answer) == 431, answer[:300]


def test_ordinary_requests_within_the_caps_are_served(served, http, admin_credentials):
    base, _ = served
    headers = {f"X-Extra-{i}": "v" * 100 for i in range(60)}
    long_token = "Bearer " + "A" * 8000  # larger than any real token, well within the cap
    response = http.get(f"{base}/v1/networks", headers={**headers, "Authorization": long_token})
    assert response.status_code == 401
    token = _token(http, base, admin_credentials)
    # A body much larger than the head cap, arriving with the head, is no head.
    body = {"name": "N" * 20, "description": "x" * 300_000}
    response = http.post(
        f"{base}/v1/networks", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert response.status_code in (201, 422), response.text


def _token(http: httpx.Client, base: str, credentials: dict[str, str]) -> str:
    response = http.post(
        f"{base}/v1/auth/token", data={"grant_type": "client_credentials", **credentials}
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def test_the_access_log_holds_no_token(served, http, admin_credentials):
    base, log_path = served
    token = _token(http, base, admin_credentials)
    # Clients that put credentials in the query: refused, and never printed.
    for query in (
        f"access_token={token}",
        f"limit=5&client_secret={admin_credentials['client_secret']}",
        "token=SUPERSECRET123",
    ):
        assert http.get(f"{base}/v1/networks?{query}").status_code == 401
    time.sleep(0.5)  # the access log line is written after the response
    text = log_path.read_text()
    assert "/v1/networks?" in text  # the lines are there, redacted
    for secret in (token, admin_credentials["client_secret"], "SUPERSECRET123"):
        assert secret not in text


def test_x_forwarded_for_is_not_believed_without_trusted_proxies(served, http, admin_credentials):
    base, _ = served
    token = _token(http, base, admin_credentials)
    created = http.post(
        f"{base}/v1/networks",
        json={"name": f"XFF {uuid.uuid4().hex[:6]}"},
        headers={"Authorization": f"Bearer {token}", "X-Forwarded-For": "203.0.113.9"},
    )
    assert created.status_code == 201, created.text
    entries = http.get(
        f"{base}/v1/audit-log",
        params={"resource_id": created.json()["id"]},
        headers={"Authorization": f"Bearer {token}"},
    ).json()["data"]
    assert [e["ip"] for e in entries] == [ADDRESS]

    # Rotating forged addresses and client ids: only the real address can be limited.
    into = time.time() % 60
    if into > 45:
        time.sleep(60 - into + 0.2)
    statuses = []
    for i in range(8):
        response = http.post(
            f"{base}/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": str(uuid.uuid4()),
                "client_secret": "wrong",
            },
            headers={"X-Forwarded-For": f"198.51.100.{i + 1}"},
        )
        statuses.append(response.status_code)
    assert 429 in statuses, statuses
