"""Rate limits under the real `vuosikello serve`, started with low limits of its own: per
client, per feed token and on the token endpoint; on PostgreSQL two servers share one count."""

import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.support import BACKEND, DATABASE_URL, live_server
from tests.support.cli import run_cli

pytestmark = pytest.mark.system


@contextmanager
def serve(log_dir: Path, **settings: str) -> Iterator[str]:
    """`vuosikello serve` on the suite's database with `VUOSIKELLO_<NAME>` overrides."""
    env = {f"VUOSIKELLO_{name.upper()}": value for name, value in settings.items()}
    log_path = log_dir / f"serve-{uuid.uuid4().hex[:8]}.log"
    with live_server(log_path, {"VUOSIKELLO_DATABASE_URL": DATABASE_URL, **env}) as base:
        yield base
    assert "Traceback" not in log_path.read_text()


def fresh_window() -> None:
    """Windows are whole minutes: start a burst early in one so it cannot straddle two."""
    into = time.time() % 60
    if into > 40:
        time.sleep(60 - into + 0.2)


def _own_address_client() -> httpx.Client:
    """HTTP from an address of the 127/8 loopback net no other test uses: on PostgreSQL the
    per-address token limit is shared by every server on the database, the suite's others
    too, and they all see 127.0.0.1."""
    octets = uuid.uuid4().bytes[:3]
    address = "127." + ".".join(str(max(b, 2)) for b in octets)
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=30)


def _client(role: str = "admin") -> dict[str, str]:
    result = run_cli("clients", "create", "--name", f"limits {uuid.uuid4().hex[:6]}",
                     "--role", role, "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout)


def _token(http: httpx.Client, base: str, credentials: dict[str, str]) -> dict[str, str]:
    response = http.post(
        f"{base}/v1/auth/token", data={"grant_type": "client_credentials", **credentials}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _assert_429(response: httpx.Response, policy: str, limit: int) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 429 and problem["type"].endswith("/too-many-requests")
    retry_after = int(response.headers["retry-after"])
    assert 1 <= retry_after <= 60
    assert response.headers["ratelimit-policy"] == f'"{policy}";q={limit};w=60'
    assert re.fullmatch(rf'"{policy}";r=0;t=\d+', response.headers["ratelimit"])


def test_client_feed_and_token_limits(tmp_path: Path, migrated_database: None):
    first, second = _client(), _client()
    limits = {"rate_limit_per_minute": "5", "feed_rate_limit_per_minute": "3",
              "token_rate_limit_per_minute": "4"}  # fmt: skip
    with _own_address_client() as http, serve(tmp_path, **limits) as base:
        fresh_window()
        auth = _token(http, base, first)
        other = _token(http, base, second)
        network = http.post(f"{base}/v1/networks", json={"name": "Raja"}, headers=auth)
        assert network.status_code == 201
        assert network.headers["ratelimit"].startswith('"client";r=4;t=')
        for remaining in (3, 2, 1, 0):
            response = http.get(f"{base}/v1/networks", headers=auth)
            assert response.status_code == 200
            assert response.headers["ratelimit"].startswith(f'"client";r={remaining};')
        # The sixth request in the minute: refused, before it is served.
        _assert_429(http.get(f"{base}/v1/networks", headers=auth), "client", 5)
        _assert_429(http.post(f"{base}/v1/networks", json={"name": "X"}, headers=auth), "client", 5)
        # Another client has a budget of its own; health checks are never limited.
        assert http.get(f"{base}/v1/networks", headers=other).status_code == 200
        assert all(http.get(f"{base}/healthz").status_code == 200 for _ in range(10))

        feeds = []
        for _ in range(2):
            body = {"scope": "network", "network_id": network.json()["id"]}
            created = http.post(f"{base}/v1/feeds", headers=other, json=body)
            assert created.status_code == 201
            feeds.append(base + "/ical/" + created.json()["https_url"].rsplit("/ical/", 1)[1])
        token = feeds[0].rsplit("/", 1)[1].removesuffix(".ics")
        assert [http.get(feeds[0]).status_code for _ in range(3)] == [200, 200, 200]
        refused = http.get(feeds[0])
        _assert_429(refused, "feed", 3)
        assert token not in refused.text  # the problem does not echo the secret URL
        assert http.get(feeds[1]).status_code == 200

        # Two tokens issued from this address so far; guessing is cut off at the limit,
        # and then even the right secret waits.
        wrong = {"grant_type": "client_credentials", "client_id": first["client_id"],
                 "client_secret": "vks_wrong"}  # fmt: skip
        statuses = [http.post(f"{base}/v1/auth/token", data=wrong).status_code for _ in range(3)]
        assert statuses == [401, 401, 429]
        right = http.post(
            f"{base}/v1/auth/token", data={"grant_type": "client_credentials", **first}
        )
        _assert_429(right, "token", 4)


@pytest.mark.skipif(BACKEND != "postgresql", reason="replicas share limits on PostgreSQL only")
def test_two_servers_share_one_client_limit(tmp_path: Path, migrated_database: None):
    credentials = _client()
    limit = 20
    settings = {"rate_limit_per_minute": str(limit), "rate_limit_sync_seconds": "0.2"}
    with serve(tmp_path, **settings) as one, serve(tmp_path, **settings) as two:
        fresh_window()
        auth = _token(_own_address_client(), one, credentials)
        assert [httpx.get(f"{one}/v1/networks", headers=auth).status_code
                for _ in range(limit)] == [200] * limit  # fmt: skip
        _assert_429(httpx.get(f"{one}/v1/networks", headers=auth), "client", limit)
        time.sleep(1.0)  # the first server has reported its count
        allowed_on_two = 0
        for _ in range(limit):
            response = httpx.get(f"{two}/v1/networks", headers=auth)
            if response.status_code == 429:
                _assert_429(response, "client", limit)
                break
            allowed_on_two += 1
            time.sleep(0.3)  # let the second server learn the shared count
        # The second server learns the shared total from its first report: at most the one
        # request before it, never a fresh budget of its own.
        assert allowed_on_two <= 1, allowed_on_two
