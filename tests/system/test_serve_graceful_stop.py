"""SIGTERM to a real `vuosikello serve` with a request in flight: the replica stops accepting
connections at once, finishes the request (its body still arriving after the signal), answers
it, commits it, and exits (docs/operations.md, "Stopping")."""

import json
import signal
import socket
import time
from pathlib import Path

import httpx
import pytest

from tests.support import DATABASE_URL
from tests.support.ports import free_port
from tests.support.topology import Process, wait_healthy

pytestmark = pytest.mark.system


def read_response(sock: socket.socket, timeout: float) -> bytes:
    sock.settimeout(timeout)
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            break
        if not chunk:
            break
        data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = next(
            (int(line.split(b":")[1]) for line in head.split(b"\r\n")
             if line.lower().startswith(b"content-length:")),
            None,
        )  # fmt: skip
        if length is not None and len(body) >= length:
            break
    return data


async def test_sigterm_finishes_the_request_in_flight_then_exits(
    tmp_path: Path, admin_credentials, admin
):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    replica = Process("api", ["serve", f"--port={port}"], {"VUOSIKELLO_DATABASE_URL": DATABASE_URL},
                      tmp_path / "api.log").start()  # fmt: skip
    try:
        wait_healthy(base, replica, replica.log)
        token = httpx.post(
            f"{base}/v1/auth/token",
            data={"grant_type": "client_credentials", **admin_credentials},
            timeout=30,
        ).json()["access_token"]
        body = json.dumps({"name": "Sammutuksen aikana luotu verkosto"}).encode()
        head = (
            f"POST /v1/networks HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(head + body[:10])  # the request has begun; its body is on the way
            time.sleep(0.5)
            replica.popen.send_signal(signal.SIGTERM)  # type: ignore[union-attr]
            time.sleep(1.0)
            # Stopping: no new connection is accepted ...
            with pytest.raises(httpx.TransportError):
                httpx.get(f"{base}/healthz", timeout=2)
            assert replica.alive()  # ... while the request in flight is waited for
            sock.sendall(body[10:])
            answer = read_response(sock, timeout=10)
        status_line, _, rest = answer.partition(b"\r\n")
        assert status_line.startswith(b"HTTP/1.1 201"), answer[:500]
        created = json.loads(rest.partition(b"\r\n\r\n")[2])
        replica.popen.wait(timeout=10)  # type: ignore[union-attr]
    finally:
        replica.stop()
    # uvicorn re-raises SIGTERM once it has shut down.
    assert replica.popen.returncode in (0, -signal.SIGTERM), replica.log.read_text()  # type: ignore[union-attr]
    log = replica.log.read_text()
    assert "Application shutdown complete" in log, log
    # The answer was not a promise: the write is committed.
    stored = await admin.get(f"/v1/networks/{created['id']}")
    assert stored.status_code == 200 and stored.json()["name"] == created["name"]
