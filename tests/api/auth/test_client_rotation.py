"""Rotating a client's secret, through HTTP and the CLI: the new secret is shown once, and the
old secret and every token issued before stop working at once."""

import json
import time
import uuid
from typing import Any

import pytest
from jose import jwt

from app.auth.models import Role
from app.auth.principal import Principal
from tests.support import Api
from tests.support.cli import run_cli
from tests.support.problems import assert_problem
from tests.support.tokens import AUDIENCE, ISSUER, SECRET_KEY

GRANT = {"grant_type": "client_credentials"}


@pytest.fixture
async def credentials(admin: Api, network: dict) -> dict[str, Any]:
    return await admin.create(
        "/v1/clients", {"name": "Intranet", "role": "coordinator", "network_ids": [network["id"]]}
    )


async def token_for(anon: Api, client_id: str, secret: str):
    return await anon.http.post(
        "/v1/auth/token", data={**GRANT, "client_id": client_id, "client_secret": secret}
    )


async def test_rotating_a_secret_over_http_revokes_the_old_secret_and_its_tokens(
    anon, admin, network, credentials
):
    cid, old_secret = credentials["client_id"], credentials["client_secret"]
    old = await anon.login(cid, old_secret)
    url = f"/v1/networks/{network['id']}"
    assert (await old.get(url)).status_code == 200

    r = await admin.post(f"/v1/clients/{cid}/rotate-secret")
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    rotated = r.json()
    new_secret = rotated["client_secret"]
    assert new_secret.startswith("vks_") and new_secret != old_secret
    assert rotated["client_id"] == rotated["id"] == cid
    assert rotated["role"] == "coordinator" and rotated["network_ids"] == [network["id"]]

    problem = assert_problem(await old.get(url), 401, error="invalid_token")
    assert "rotated" in problem["detail"]
    assert_problem(await token_for(anon, cid, old_secret), 401, error="invalid_client")
    new = await anon.login(cid, new_secret)
    assert (await new.get(url)).status_code == 200

    # The secret is never shown again.
    shown = (await admin.get(f"/v1/clients/{cid}")).text + (await admin.get("/v1/clients")).text
    assert new_secret not in shown and old_secret not in shown

    # A second rotation ends the second secret's tokens in turn.
    r = await admin.post(f"/v1/clients/{cid}/rotate-secret")
    assert_problem(await new.get(url), 401, error="invalid_token")
    assert (await (await anon.login(cid, r.json()["client_secret"])).get(url)).status_code == 200


async def test_the_etag_changes_with_the_secret(admin, credentials):
    url = f"/v1/clients/{credentials['id']}"
    before = (await admin.get(url)).headers["etag"]
    r = await admin.post(f"{url}/rotate-secret")
    assert r.headers["etag"] != before
    assert r.headers["etag"] == (await admin.get(url)).headers["etag"]


async def test_a_token_without_a_credentials_version_belongs_to_the_first_secret(
    anon, admin, network, credentials
):
    """Tokens issued before versions existed carry none: valid until the first rotation."""
    cid = credentials["client_id"]
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": cid, "iat": now, "exp": now + 300}
    legacy = Api(anon.http, jwt.encode(claims, SECRET_KEY, algorithm="HS256"))
    assert (await legacy.get(f"/v1/networks/{network['id']}")).status_code == 200
    await admin.post(f"/v1/clients/{cid}/rotate-secret")
    assert_problem(await legacy.get("/v1/networks"), 401, error="invalid_token")
    # Nor does a forged version help: the claim is signed like the rest.
    for version in (2, "2", True, 2.0):
        forged = jwt.encode({**claims, "credentials_version": version}, "x" * 40)
        assert_problem(await Api(anon.http, forged).get("/v1/networks"), 401)
    signed = jwt.encode({**claims, "credentials_version": 2}, SECRET_KEY, algorithm="HS256")
    assert (await Api(anon.http, signed).get("/v1/networks")).status_code == 200
    for version in ("2", True, 1):
        wrong = jwt.encode({**claims, "credentials_version": version}, SECRET_KEY)
        assert_problem(await Api(anon.http, wrong).get("/v1/networks"), 401)


async def test_only_an_admin_rotates_and_only_existing_clients(
    anon, admin, coordinator, credentials
):
    url = f"/v1/clients/{credentials['id']}/rotate-secret"
    assert_problem(await coordinator.post(url), 403)
    assert_problem(await anon.post(url), 401)
    assert_problem(await admin.post(f"/v1/clients/{uuid.uuid4()}/rotate-secret"), 404)
    # Nothing was rotated by the refused calls.
    await anon.login(credentials["client_id"], credentials["client_secret"])


async def test_rotating_with_the_cli(anon, network, credentials):
    cid, old_secret = credentials["client_id"], credentials["client_secret"]
    old = await anon.login(cid, old_secret)
    url = f"/v1/networks/{network['id']}"

    result = run_cli("clients", "rotate-secret", cid, "--json")
    assert result.returncode == 0, result.stderr
    rotated = json.loads(result.stdout)
    assert rotated["client_id"] == cid and rotated["client_secret"] != old_secret
    assert_problem(await old.get(url), 401, error="invalid_token")
    assert_problem(await token_for(anon, cid, old_secret), 401, error="invalid_client")
    assert (await (await anon.login(cid, rotated["client_secret"])).get(url)).status_code == 200

    result = run_cli("clients", "rotate-secret", cid)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(":", 1) for line in result.stdout.strip().splitlines())
    assert lines["client_id"].strip() == cid
    assert (await anon.login(cid, lines["client_secret"].strip())).token

    result = run_cli("clients", "rotate-secret", str(uuid.uuid4()))
    assert result.returncode == 2 and "not found" in result.stderr.lower()
    result = run_cli("clients", "rotate-secret", "not-a-uuid")
    assert result.returncode != 0 and "client_secret" not in result.stdout


async def test_the_actor_names_own_clients_and_external_subjects():
    client_id = uuid.uuid4()
    own = Principal(client_id=client_id, role=Role.member, network_ids=frozenset())
    assert own.actor == f"client:{client_id}"
    external = Principal(
        client_id=client_id,
        role=Role.member,
        network_ids=frozenset(),
        external_subject="https://login.microsoftonline.com/t/v2.0|abc",
    )
    assert external.actor == "https://login.microsoftonline.com/t/v2.0|abc"
