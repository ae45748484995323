"""A real `vuosikello serve`, configured for an OpenID Connect provider through its environment
alone, with other claim names than the defaults (as Keycloak, or Entra ID with a directory
extension, would send): the settings reach the running service, and no token reaches its log."""

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import DATABASE_URL, live_server
from tests.support.builders import partner_body
from tests.support.cli import run_cli
from tests.support.oidc import JwksServer, SigningKey, claims

pytestmark = pytest.mark.system

ROLE_CLAIM = "realm_access.roles"  # nested, Keycloak style
NETWORKS_CLAIM = "extn.vuosikello_networks"  # a dotted name that is a claim itself (Entra)


@pytest.fixture(scope="module")
def server(
    migrated_database: None, jwks_server: JwksServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    env = {
        "VUOSIKELLO_DATABASE_URL": DATABASE_URL,
        "VUOSIKELLO_OIDC_ROLE_CLAIM": ROLE_CLAIM,
        "VUOSIKELLO_OIDC_NETWORKS_CLAIM": NETWORKS_CLAIM,
        "VUOSIKELLO_OIDC_JWKS_COOLDOWN_SECONDS": "3600",
    }
    log_path = tmp_path_factory.mktemp("oidc-serve") / "serve.log"
    with live_server(log_path, env) as base_url:
        yield base_url, log_path


async def test_a_live_server_reads_the_configured_claims_and_never_logs_tokens(
    server, jwks_server: JwksServer, admin
):
    base_url, log_path = server
    key = SigningKey()
    jwks_server.status = 200
    jwks_server.publish(key)
    network = (await admin.create("/v1/networks", {"name": f"Live {uuid.uuid4().hex[:6]}"}))["id"]
    other = (await admin.create("/v1/networks", {"name": f"Muu {uuid.uuid4().hex[:6]}"}))["id"]

    def token(**kw) -> str:
        kw.setdefault("roles", None)
        return key.sign(claims(**kw))

    coordinator = token(
        realm_access={"roles": ["offline_access", "coordinator"]},
        # The default claims name more than the configured ones do: they must be ignored.
        vuosikello_networks=[other],
        roles=["admin"],
        **{NETWORKS_CLAIM: [network]},
    )
    only_default_claims = token(roles=["admin"], vuosikello_networks=[network])
    before = jwks_server.requests
    tokens = [coordinator, only_default_claims]
    with httpx.Client(base_url=base_url, timeout=30) as http:

        def call(method: str, url: str, bearer: str, **kw) -> httpx.Response:
            return http.request(method, url, headers={"Authorization": f"Bearer {bearer}"}, **kw)

        r = call("POST", "/v1/partners", coordinator, json=partner_body(network))
        assert r.status_code == 201, r.text
        assert call("GET", f"/v1/networks/{other}", coordinator).status_code == 404
        assert call("GET", "/v1/clients", coordinator).status_code == 403
        r = call("GET", "/v1/networks", only_default_claims)
        assert r.status_code == 403 and "realm_access.roles" in r.json()["detail"]

        # Made-up key ids, within the cooldown of the first fetch: no refetch.
        for _ in range(10):
            forged = SigningKey().sign(claims(realm_access={"roles": ["admin"]}))
            tokens.append(forged)
            r = call("GET", "/v1/clients", forged)
            assert r.status_code == 401 and 'error="invalid_token"' in r.headers["www-authenticate"]
    # One fetch on the first token; the made-up key ids came within its cooldown.
    assert jwks_server.requests - before == 1

    time.sleep(0.5)  # let the access log flush
    log = log_path.read_text()
    assert "Traceback" not in log
    for t in tokens:
        assert t not in log and t.split(".")[2][:40] not in log


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"VUOSIKELLO_OIDC_JWKS_URL": ""}, "VUOSIKELLO_OIDC_JWKS_URL"),
        ({"VUOSIKELLO_OIDC_AUDIENCE": ""}, "VUOSIKELLO_OIDC_AUDIENCE"),
        ({"VUOSIKELLO_OIDC_ISSUER": "vuosikello"}, "must differ from VUOSIKELLO_JWT_ISSUER"),
        (
            {"VUOSIKELLO_ENV": "production", "VUOSIKELLO_SECRET_KEY": "k" * 40},
            "must be an https:// URL in production",
        ),
    ],
)
def test_a_half_or_unsafe_provider_configuration_is_refused_at_start(env, message):
    result = run_cli("migrate", env=env)
    assert result.returncode != 0
    assert message in result.stderr
