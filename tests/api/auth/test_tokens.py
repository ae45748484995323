"""The token endpoint, API clients and access-token verification, through HTTP."""

import base64
import json
import time
import uuid
from typing import Any

import pytest
from jose import jwt

from tests.support.problems import assert_problem
from tests.support.tokens import AUDIENCE, ISSUER, SECRET_KEY

TOKEN_URL = "/v1/auth/token"
GRANT = {"grant_type": "client_credentials"}


@pytest.fixture
async def credentials(admin, network) -> dict[str, Any]:
    """A fresh member client of the test network, as POST /v1/clients returned it."""
    return await admin.create(
        "/v1/clients", {"name": "Intranet", "role": "member", "network_ids": [network["id"]]}
    )


def basic(client_id: str, secret: str) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


async def networks_with(anon, token: str):
    return await anon.get("/v1/networks", headers={"Authorization": f"Bearer {token}"})


# --- the token endpoint ---------------------------------------------------------------------


@pytest.mark.parametrize("style", ["form", "basic", "basic-urlencoded"])
async def test_token_issued_for_form_fields_and_basic(anon, network, credentials, style):
    cid, secret = credentials["client_id"], credentials["client_secret"]
    if style == "form":
        r = await anon.http.post(
            TOKEN_URL, data={**GRANT, "client_id": cid, "client_secret": secret}
        )
    else:
        # RFC 6749 §2.3.1 form-urlencodes both parts; a plain secret is its own encoding.
        encoded = secret.replace("_", "%5F") if style == "basic-urlencoded" else secret
        r = await anon.http.post(TOKEN_URL, data=GRANT, headers=basic(cid, encoded))
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    body = r.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert jwt.get_unverified_header(body["access_token"])["alg"] == "HS256"
    claims = jwt.get_unverified_claims(body["access_token"])
    assert claims["sub"] == cid and claims["iss"] == ISSUER and claims["aud"] == AUDIENCE
    assert claims["exp"] - claims["iat"] == 3600
    assert secret not in r.text and "secret" not in json.dumps(claims)

    listed = await networks_with(anon, body["access_token"])
    assert [n["id"] for n in listed.json()["data"]] == [network["id"]]


@pytest.mark.parametrize(
    "case",
    [
        "wrong-secret",
        "unknown-client",
        "client-id-not-uuid",
        "no-secret",
        "no-credentials",
        "basic-wrong-secret",
        "basic-not-base64",
        "basic-without-colon",
        "secret-of-another-client",
    ],
)
async def test_token_refused_with_invalid_client(anon, admin, network, credentials, case):
    cid, secret = credentials["client_id"], credentials["client_secret"]
    form: dict[str, str] = dict(GRANT)
    headers: dict[str, str] = {}
    match case:
        case "wrong-secret":
            form |= {"client_id": cid, "client_secret": secret + "x"}
        case "unknown-client":
            form |= {"client_id": str(uuid.uuid4()), "client_secret": secret}
        case "client-id-not-uuid":
            form |= {"client_id": "admin", "client_secret": secret}
        case "no-secret":
            form |= {"client_id": cid}
        case "basic-wrong-secret":
            headers = basic(cid, secret[:-1])
        case "basic-not-base64":
            headers = {"Authorization": "Basic !!!"}
        case "basic-without-colon":
            headers = {"Authorization": "Basic " + base64.b64encode(cid.encode()).decode()}
        case "secret-of-another-client":
            other = await admin.create(
                "/v1/clients", {"name": "Toinen", "role": "member", "network_ids": [network["id"]]}
            )
            form |= {"client_id": cid, "client_secret": other["client_secret"]}
    r = await anon.http.post(TOKEN_URL, data=form, headers=headers)
    assert_problem(r, 401, error="invalid_client")
    assert r.headers["www-authenticate"] == 'Basic realm="vuosikello", error="invalid_client"'
    assert "access_token" not in r.text and secret not in r.text


@pytest.mark.parametrize("grant_type", ["password", "authorization_code", "CLIENT_CREDENTIALS"])
async def test_other_grant_types_are_400(anon, credentials, grant_type):
    form = {
        "grant_type": grant_type,
        "client_id": credentials["client_id"],
        "client_secret": credentials["client_secret"],
    }
    r = await anon.http.post(TOKEN_URL, data=form)
    assert_problem(r, 400, error="unsupported_grant_type")
    assert "access_token" not in r.text


async def test_disabling_a_client_stops_its_tokens_at_once(anon, admin, network, credentials):
    cid, secret = credentials["client_id"], credentials["client_secret"]
    member = await anon.login(cid, secret)
    assert (await member.get(f"/v1/networks/{network['id']}")).status_code == 200

    r = await admin.patch(f"/v1/clients/{cid}", {"disabled": True})
    assert r.status_code == 200 and r.json()["disabled"] is True
    r = await member.get(f"/v1/networks/{network['id']}")
    assert_problem(r, 401, error="invalid_token")
    assert network["name"] not in r.text
    r = await anon.http.post(TOKEN_URL, data={**GRANT, "client_id": cid, "client_secret": secret})
    assert_problem(r, 401, error="invalid_client")

    # Enabling again revives no token of before the disable; the secret logs in anew.
    await admin.patch(f"/v1/clients/{cid}", {"disabled": False})
    assert_problem(await member.get(f"/v1/networks/{network['id']}"), 401, error="invalid_token")
    member = await anon.login(cid, secret)
    assert (await member.get(f"/v1/networks/{network['id']}")).status_code == 200


async def test_network_access_changes_take_effect_at_once(anon, admin, network, credentials):
    member = await anon.login(credentials["client_id"], credentials["client_secret"])
    other = await admin.create("/v1/networks", {"name": f"Toinen {uuid.uuid4().hex[:6]}"})
    r = await admin.patch(f"/v1/clients/{credentials['client_id']}", {"network_ids": [other["id"]]})
    assert r.json()["network_ids"] == [other["id"]]
    assert_problem(await member.get(f"/v1/networks/{network['id']}"), 404)
    listed = (await member.get("/v1/networks")).json()["data"]
    assert [n["id"] for n in listed] == [other["id"]]


# --- clients: admin only, secret shown once ---------------------------------------------------


async def test_client_secret_is_shown_once_and_never_again(admin, credentials):
    secret = credentials["client_secret"]
    assert secret.startswith("vks_") and len(secret) > 40
    assert credentials["client_id"] == credentials["id"]
    url = f"/v1/clients/{credentials['id']}"
    one = await admin.get(url)
    assert one.status_code == 200 and one.headers["etag"]
    assert set(one.json()) == {
        "id", "created_at", "updated_at", "name", "role", "disabled", "network_ids",
        "oidc_subject",
    }  # fmt: skip
    pages, items, cursor = [], [], None
    while True:
        r = await admin.get(
            "/v1/clients", params={"limit": 500, **({"cursor": cursor} if cursor else {})}
        )
        pages.append(r.text)
        items += r.json()["data"]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            break
    everything = "".join(pages) + one.text
    assert credentials["id"] in everything
    assert secret not in everything
    assert all(set(item) == set(one.json()) for item in items)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "coordinator"}, "network_ids"),
        ({"role": "member", "network_ids": ["{random}"]}, "network_ids"),
        ({"role": "superuser", "network_ids": ["{network}"]}, "role"),
        (
            {"role": "member", "network_ids": ["{network}"], "client_secret": "mine"},
            "client_secret",
        ),
    ],
)
async def test_client_creation_is_validated(admin, network, body, field):
    ids = [
        {"{network}": network["id"], "{random}": str(uuid.uuid4())}[i]
        for i in body.get("network_ids", [])
    ]
    r = await admin.post("/v1/clients", {"name": "Huono", **body, "network_ids": ids})
    assert_problem(r, 422, field)


# --- access tokens ----------------------------------------------------------------------------


def b64(data: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def craft(
    sub: str, *, drop: str | None = None, key: str = SECRET_KEY, alg: str = "HS256", **claims
):
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": AUDIENCE, "sub": sub, "iat": now, "exp": now + 300, **claims}
    if drop:
        payload.pop(drop)
    return jwt.encode(payload, key, algorithm=alg)


def bad_tokens(sub: str) -> dict[str, str]:
    now = int(time.time())
    good = craft(sub)
    head, body, signature = good.split(".")
    tampered = {**jwt.get_unverified_claims(good), "sub": str(uuid.uuid4())}
    return {
        "expired": craft(sub, exp=now - 5, iat=now - 400),
        "other-key": craft(sub, key="another-secret-key-" + "y" * 32),
        "alg-none": f"{b64({'alg': 'none', 'typ': 'JWT'})}.{body}.",
        "alg-none-signed": f"{b64({'alg': 'none', 'typ': 'JWT'})}.{body}.{signature}",
        "alg-HS512": craft(sub, alg="HS512"),
        "alg-swapped-header": f"{b64({'alg': 'HS512', 'typ': 'JWT'})}.{body}.{signature}",
        "payload-tampered": f"{head}.{b64(tampered)}.{signature}",
        "no-exp": craft(sub, drop="exp"),
        "no-iat": craft(sub, drop="iat"),
        "no-iss": craft(sub, drop="iss"),
        "no-aud": craft(sub, drop="aud"),
        "no-sub": craft(sub, drop="sub"),
        "wrong-aud": craft(sub, aud="another-api"),
        "wrong-iss": craft(sub, iss="https://evil.example"),
        "not-yet-valid": craft(sub, nbf=now + 600),
        "sub-not-uuid": craft("admin"),
        "sub-unknown-client": craft(str(uuid.uuid4())),
        "exp-not-a-number": craft(sub, exp="tomorrow"),
        "garbage": "not-a-jwt",
        "three-dots": "a.b.c",
        "empty-segments": "..",
        "header-is-a-list": f"{b64([1])}.{body}.{signature}",
        "payload-is-a-list": f"{head}.{b64([1])}.{signature}",
    }


BAD_TOKEN_CASES = list(bad_tokens(str(uuid.uuid4())))


async def test_crafted_token_with_all_claims_is_accepted(anon, network, credentials):
    # The control for the cases below: crafting itself is right.
    r = await networks_with(anon, craft(credentials["client_id"]))
    assert r.status_code == 200 and r.json()["data"][0]["id"] == network["id"]


@pytest.mark.parametrize("case", BAD_TOKEN_CASES)
async def test_bad_access_token_is_401(anon, network, credentials, case):
    token = bad_tokens(credentials["client_id"])[case]
    r = await networks_with(anon, token)
    problem = assert_problem(r, 401, error="invalid_token")
    assert r.headers["www-authenticate"] == 'Bearer realm="vuosikello", error="invalid_token"'
    assert network["id"] not in r.text and token not in problem["detail"]


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz", "bearer"],
)
async def test_missing_token_is_401_with_a_bearer_challenge(anon, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    r = await anon.get("/v1/networks", headers=headers)
    assert_problem(r, 401)
    assert r.headers["www-authenticate"] == 'Bearer realm="vuosikello"'
    assert "error" not in r.json()
