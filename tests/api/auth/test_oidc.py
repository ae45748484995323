"""Access tokens from an external OpenID Connect provider (as Microsoft Entra ID issues them),
through HTTP: RS256 tokens checked against keys served by a real loopback JWKS server; roles
and networks from the claims; shadow clients; every way a token is refused. The provider's
keys (rotation, refetch cooldown, outages) are in test_oidc_keys.py."""

import asyncio
import functools
import hashlib
import hmac
import json
import logging
import uuid
from typing import Any

import pytest

from tests.support import Api
from tests.support.builders import partner_body
from tests.support.oidc import ISSUER, SigningKey, b64json, b64url, bearer, claims
from tests.support.problems import assert_problem

CHALLENGE = 'Bearer realm="vuosikello", error="invalid_token"'


@pytest.fixture
async def networks(admin: Api) -> tuple[str, str]:
    tag = uuid.uuid4().hex[:6]
    a = await admin.create("/v1/networks", {"name": f"Verkosto A {tag}"})
    b = await admin.create("/v1/networks", {"name": f"Verkosto B {tag}"})
    return a["id"], b["id"]


async def shadow_of(admin: Api, sub: str) -> list[dict[str, Any]]:
    r = await admin.get("/v1/clients", params={"oidc_subject": f"{ISSUER}|{sub}"})
    assert r.status_code == 200, r.text
    return r.json()["data"]


# --- accepted tokens, shadow clients ---------------------------------------------------------


async def test_provider_token_is_accepted_and_gets_one_shadow_client(
    anon, admin, provider, oidc_key, networks
):
    a, _ = networks
    sub = uuid.uuid4().hex
    user = bearer(anon, oidc_key.sign(claims(sub=sub, networks=[a])))
    for _ in range(3):
        r = await user.get("/v1/networks")
        assert r.status_code == 200, r.text
        assert [n["id"] for n in r.json()["data"]] == [a]

    [shadow] = await shadow_of(admin, sub)
    assert shadow["oidc_subject"] == f"{ISSUER}|{sub}"
    assert shadow["name"] == "Maija Meikäläinen"
    assert shadow["role"] == "member" and shadow["disabled"] is False
    assert shadow["network_ids"] == []
    assert (await shadow_of(admin, uuid.uuid4().hex)) == []

    # The role column follows the latest token.
    coordinator = oidc_key.sign(claims(sub=sub, roles=["coordinator"], networks=[a]))
    assert (await bearer(anon, coordinator).get("/v1/networks")).status_code == 200
    [shadow] = await shadow_of(admin, sub)
    assert shadow["role"] == "coordinator"


async def test_concurrent_first_requests_of_a_subject_make_one_shadow_client(
    anon, admin, provider, oidc_key, networks
):
    sub = uuid.uuid4().hex
    user = bearer(anon, oidc_key.sign(claims(sub=sub, networks=[networks[0]])))
    responses = await asyncio.gather(*(user.get("/v1/networks") for _ in range(5)))
    assert [r.status_code for r in responses] == [200] * 5
    assert len(await shadow_of(admin, sub)) == 1


async def test_a_shadow_client_gets_no_token_has_no_secret_and_can_be_disabled(
    anon, admin, provider, oidc_key, networks
):
    a, _ = networks
    sub = uuid.uuid4().hex
    user = bearer(anon, oidc_key.sign(claims(sub=sub, networks=[a])))
    assert (await user.get(f"/v1/networks/{a}")).status_code == 200
    [shadow] = await shadow_of(admin, sub)

    for secret in ("", "!", "vks_" + "x" * 43):
        r = await anon.http.post(
            "/v1/auth/token",
            data={"grant_type": "client_credentials", "client_id": shadow["id"]}
            | ({"client_secret": secret} if secret else {}),
        )
        assert_problem(r, 401, error="invalid_client")
    assert_problem(await admin.post(f"/v1/clients/{shadow['id']}/rotate-secret"), 409)
    r = await admin.patch(f"/v1/clients/{shadow['id']}", {"network_ids": [a]})
    assert_problem(r, 422, "network_ids")

    r = await admin.patch(f"/v1/clients/{shadow['id']}", {"disabled": True})
    assert r.status_code == 200 and r.json()["disabled"] is True
    r = await user.get(f"/v1/networks/{a}")
    assert_problem(r, 401, error="invalid_token")
    assert r.headers["www-authenticate"] == CHALLENGE
    # A fresh token of the same subject is refused too: the subject is disabled, not a token.
    fresh = oidc_key.sign(claims(sub=sub, roles=["admin"]))
    assert_problem(await bearer(anon, fresh).get("/v1/networks"), 401, error="invalid_token")

    await admin.patch(f"/v1/clients/{shadow['id']}", {"disabled": False})
    assert (await user.get(f"/v1/networks/{a}")).status_code == 200


# --- roles and networks from the claims -------------------------------------------------------


@pytest.mark.parametrize(
    ("roles", "effective"),
    [
        (["member"], "member"),
        (["integration"], "integration"),
        (["coordinator"], "coordinator"),
        (["admin"], "admin"),
        (["member", "coordinator"], "coordinator"),
        (["member", "integration"], "integration"),
        (["Vuosikello.Reader", "member", "admin", "coordinator"], "admin"),
        ("coordinator", "coordinator"),
        (["Coordinator"], "coordinator"),
    ],
)
async def test_the_most_privileged_known_role_applies(
    anon, provider, oidc_key, networks, roles, effective
):
    a, b = networks
    user = bearer(anon, oidc_key.sign(claims(roles=roles, networks=[a])))
    partner = await user.post("/v1/partners", partner_body(a))
    hook = {"network_id": a, "url": "http://127.0.0.1:9/hooks/vuosikello"}
    webhook = await user.post("/v1/webhooks", hook)
    clients = await user.get("/v1/clients")
    other = await user.get(f"/v1/networks/{b}")
    assert partner.status_code == (201 if effective in {"admin", "coordinator"} else 403)
    assert webhook.status_code == (201 if effective != "member" else 403)
    assert clients.status_code == (200 if effective == "admin" else 403)
    assert other.status_code == (200 if effective == "admin" else 404)


@pytest.mark.parametrize("roles", [[], ["superuser"], ["Vuosikello.Reader"], None, 42, {"a": 1}])
async def test_a_token_without_a_known_role_is_403(anon, provider, oidc_key, networks, roles):
    r = await bearer(anon, oidc_key.sign(claims(roles=roles, networks=[networks[0]]))).get(
        "/v1/networks"
    )
    problem = assert_problem(r, 403)
    assert "roles" in problem["detail"]


async def test_an_oidc_user_of_network_a_cannot_see_or_change_network_b(
    anon, admin, provider, oidc_key, networks
):
    a, b = networks
    b_partner = await admin.create("/v1/partners", partner_body(b, name="Kunta B"))
    for role in ("member", "coordinator"):
        user = bearer(anon, oidc_key.sign(claims(roles=[role], networks=[a])))
        listed = await user.get("/v1/networks")
        assert [n["id"] for n in listed.json()["data"]] == [a]
        assert_problem(await user.get(f"/v1/networks/{b}"), 404)
        assert_problem(await user.get(f"/v1/partners/{b_partner['id']}"), 404)
        r = await user.patch(f"/v1/partners/{b_partner['id']}", {"name": "Vallattu"})
        assert_problem(r, 404)
        # A network one may not see is, to the caller, one that does not exist.
        assert_problem(await user.post("/v1/partners", partner_body(b)), 422, "network_id")
        assert b_partner["name"] not in (await user.get("/v1/partners")).text
    assert (await admin.get(f"/v1/partners/{b_partner['id']}")).json()["name"] == "Kunta B"


async def test_an_oidc_member_cannot_write(anon, provider, oidc_key, networks):
    a, _ = networks
    member = bearer(anon, oidc_key.sign(claims(roles=["member"], networks=[a])))
    assert (await member.get(f"/v1/networks/{a}")).status_code == 200
    assert_problem(await member.post("/v1/partners", partner_body(a)), 403)
    assert_problem(await member.patch(f"/v1/networks/{a}", {"name": "Uusi"}), 403)


@pytest.mark.parametrize(
    "value",
    [
        "{a}",
        "{a} {b}",
        "{a},{b}",
        ["{a}", "not-a-uuid", 7],
        [],
        None,
    ],
)
async def test_networks_claim_forms(anon, provider, oidc_key, networks, value):
    a, b = networks

    def fill(v: Any) -> Any:
        if isinstance(v, str):
            return v.format(a=a, b=b)
        if isinstance(v, list):
            return [fill(x) for x in v]
        return v

    user = bearer(anon, oidc_key.sign(claims(networks=fill(value))))
    r = await user.get("/v1/networks")
    assert r.status_code == 200
    expected = {n for n in (a, b) if n in str(fill(value))}
    assert {n["id"] for n in r.json()["data"]} == expected


# --- rejected tokens --------------------------------------------------------------------------


@functools.cache
def unpublished_key(kid: str) -> SigningKey:
    return SigningKey(kid=uuid.uuid4().hex if kid == "unknown" else kid)


def _hs256(key: bytes, payload: dict[str, Any], kid: str) -> str:
    signing_input = f"{b64json({'alg': 'HS256', 'typ': 'JWT', 'kid': kid})}.{b64json(payload)}"
    signature = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


def bad_tokens(key: SigningKey, network: str) -> dict[str, str]:
    good = claims(roles=["admin"], networks=[network])
    now = good["iat"]
    head, body, signature = key.sign(good).split(".")
    stranger = unpublished_key(key.kid)  # a key the provider never published, under its kid
    without = {name: {k: v for k, v in good.items() if k != name} for name in good}
    return {
        "alg-none": f"{b64json({'alg': 'none', 'typ': 'JWT', 'kid': key.kid})}.{body}.",
        "alg-none-signed": f"{b64json({'alg': 'none', 'kid': key.kid})}.{body}.{signature}",
        "hs256-with-public-key-pem": _hs256(key.public_pem, good, key.kid),
        "hs256-with-public-jwk": _hs256(json.dumps(key.jwk).encode(), good, key.kid),
        "rs512-header": f"{b64json({'alg': 'RS512', 'kid': key.kid})}.{body}.{signature}",
        "wrong-iss": key.sign({**good, "iss": "https://login.evil.example/v2.0"}),
        "wrong-iss-trailing-slash": key.sign({**good, "iss": ISSUER + "/"}),
        "wrong-aud": key.sign({**good, "aud": "api://another-api"}),
        "expired": key.sign({**good, "iat": now - 7200, "nbf": now - 7200, "exp": now - 3600}),
        "not-yet-valid": key.sign({**good, "nbf": now + 3600}),
        "missing-exp": key.sign(without["exp"]),
        "missing-aud": key.sign(without["aud"]),
        "missing-sub": key.sign(without["sub"]),
        "empty-sub": key.sign({**good, "sub": ""}),
        "unknown-kid": unpublished_key("unknown").sign(good),
        "no-kid": f"{b64json({'alg': 'RS256', 'typ': 'JWT'})}.{body}.{signature}",
        "known-kid-other-key": stranger.sign(good),
        "payload-tampered": f"{head}.{b64json({**good, 'sub': 'someone-else'})}.{signature}",
        "signature-cut": f"{head}.{body}.{signature[:-8]}",
        "malformed-garbage": "not-a-jwt",
        "malformed-segments": f"{head}.{body}",
        "malformed-payload": f"{head}.{b64url(b'{not json')}.{signature}",
        "malformed-header": f"{b64url(b'[1]')}.{body}.{signature}",
        "malformed-base64": f"{head}.{body}!!.{signature}",
    }


BAD_TOKEN_CASES = list(bad_tokens(SigningKey(kid="probe"), str(uuid.uuid4())))


async def test_a_well_formed_provider_token_is_accepted(anon, provider, oidc_key, networks):
    """The control for the cases below: the tokens are crafted right."""
    token = oidc_key.sign(claims(roles=["admin"], networks=[networks[0]]))
    assert (await bearer(anon, token).get("/v1/clients")).status_code == 200


@pytest.mark.parametrize("case", BAD_TOKEN_CASES)
async def test_a_bad_provider_token_is_401(anon, provider, oidc_key, networks, case, caplog):
    token = bad_tokens(oidc_key, networks[0])[case]
    with caplog.at_level(logging.DEBUG):
        r = await bearer(anon, token).get("/v1/networks")
    problem = assert_problem(r, 401, error="invalid_token")
    assert r.headers["www-authenticate"] == CHALLENGE
    assert networks[0] not in r.text and token not in problem["detail"]
    assert token not in caplog.text


async def test_a_provider_users_writes_are_audited_under_its_issuer_and_subject(
    anon, admin, provider, oidc_key, networks
):
    a, _ = networks
    sub = "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ"  # Entra's pairwise subjects are this long
    user = bearer(anon, oidc_key.sign(claims(sub=sub, roles=["coordinator"], networks=[a])))
    partner = await user.post("/v1/partners", partner_body(a))
    assert partner.status_code == 201, partner.text

    r = await admin.get("/v1/audit-log", params={"resource_id": partner.json()["id"]})
    assert r.status_code == 200, r.text
    [entry] = r.json()["data"]
    [shadow] = await shadow_of(admin, sub)
    assert entry["actor"] == f"{ISSUER}|{sub}"
    assert entry["actor_client_id"] == shadow["id"]
    assert (entry["action"], entry["role"]) == ("create", "coordinator")
