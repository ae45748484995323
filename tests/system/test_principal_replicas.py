"""Two real `vuosikello serve` replicas on one database: a client disabled through one of them
is refused by that one at once and by the other within the principal cache's bound
(`VUOSIKELLO_PRINCIPAL_CACHE_SECONDS`), as the README states."""

import json
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.support import DATABASE_URL, live_server
from tests.support.cli import run_cli

pytestmark = pytest.mark.system
BOUND = 1.0


def _admin() -> dict[str, str]:
    result = run_cli("clients", "create", "--name", f"replicas {uuid.uuid4().hex[:6]}",
                     "--role", "admin", "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _token(base: str, client_id: str, secret: str) -> dict[str, str]:
    data = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    response = httpx.post(f"{base}/v1/auth/token", data=data)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_a_disabled_client_is_refused_by_every_replica_within_the_bound(
    tmp_path: Path, migrated_database: None
):
    env = {"VUOSIKELLO_DATABASE_URL": DATABASE_URL,
           "VUOSIKELLO_PRINCIPAL_CACHE_SECONDS": str(BOUND)}  # fmt: skip
    admin = _admin()
    with (
        live_server(tmp_path / "one.log", env) as one,
        live_server(tmp_path / "two.log", env) as two,
    ):
        root = _token(one, admin["client_id"], admin["client_secret"])
        network = httpx.post(f"{one}/v1/networks", json={"name": "Replikat"}, headers=root)
        assert network.status_code == 201, network.text
        body = {"name": "Jäsen", "role": "member", "network_ids": [network.json()["id"]]}
        created = httpx.post(f"{one}/v1/clients", json=body, headers=root).json()
        member = _token(two, created["client_id"], created["client_secret"])
        url = f"/v1/networks/{network.json()['id']}"
        for base in (one, two, one, two):  # both replicas have the principal cached
            assert httpx.get(base + url, headers=member).status_code == 200

        r = httpx.patch(f"{one}/v1/clients/{created['id']}", json={"disabled": True}, headers=root)
        assert r.status_code == 200, r.text
        disabled_at = time.monotonic()
        assert httpx.get(one + url, headers=member).status_code == 401  # at once here
        while (status := httpx.get(two + url, headers=member).status_code) == 200:
            assert time.monotonic() - disabled_at <= BOUND + 0.5, "accepted past the bound"
        assert status == 401
        assert time.monotonic() - disabled_at <= BOUND + 0.5
    for log in ("one.log", "two.log"):
        assert "Traceback" not in (tmp_path / log).read_text()
