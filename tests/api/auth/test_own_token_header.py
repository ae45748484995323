"""The service's own access tokens: a `crit` header it does not understand, or an `iat` in
the future, make a token invalid even when the signature is right."""

import time
import uuid

import pytest
from jose import jwt

from app.core.config import get_settings
from tests.support import Api


def _mint(client_id: str, *, iat_offset: int = 0, headers: dict | None = None) -> str:
    """A token signed with the service's key, as `issue_access_token` would make it."""
    settings = get_settings()
    now = int(time.time())
    claims = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": client_id,
        "iat": now + iat_offset,
        "nbf": now - 5,
        "exp": now + 600,
        "jti": uuid.uuid4().hex,
        "role": "admin",
        "credentials_version": 1,
    }
    return jwt.encode(
        claims, settings.secret_key, algorithm="HS256", headers={"typ": "at+jwt", **(headers or {})}
    )


async def _status(anon: Api, token: str) -> int:
    response = await Api(anon.http, token).get("/v1/networks")
    return response.status_code


async def test_a_well_formed_minted_token_is_accepted(anon, admin_credentials):
    # The control: the refusals below are for the one thing each case changes.
    assert await _status(anon, _mint(admin_credentials["client_id"])) == 200
    assert await _status(anon, _mint(admin_credentials["client_id"], iat_offset=10)) == 200


@pytest.mark.parametrize("crit", [["exp"], ["b64"], ["http://example.org/unknown"], []], ids=str)
async def test_a_crit_header_is_refused(anon, admin_credentials, crit):
    token = _mint(admin_credentials["client_id"], headers={"crit": crit})
    response = await Api(anon.http, token).get("/v1/networks")
    assert response.status_code == 401, response.text
    assert "crit" in response.json()["detail"]


@pytest.mark.parametrize("ahead", [120, 3600, 10 * 365 * 86400])
async def test_an_iat_in_the_future_is_refused(anon, admin_credentials, ahead):
    token = _mint(admin_credentials["client_id"], iat_offset=ahead)
    response = await Api(anon.http, token).get("/v1/networks")
    assert response.status_code == 401, response.text
    assert "iat" in response.json()["detail"]
