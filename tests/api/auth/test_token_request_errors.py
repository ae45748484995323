"""Errors that say the fix: the token endpoint (in OAuth's own shape, RFC 6749 §5.2) and
If-Match."""


async def test_json_token_request_says_send_it_form_encoded(anon, admin_credentials):
    response = await anon.http.post(
        "/v1/auth/token",
        json={"grant_type": "client_credentials", **admin_credentials},
    )
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] == "invalid_request"
    assert "application/x-www-form-urlencoded" in body["detail"]


async def test_missing_grant_type_is_invalid_request_not_422(anon, admin_credentials):
    response = await anon.http.post("/v1/auth/token", data=admin_credentials)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "invalid_request"
    assert "grant_type=client_credentials" in response.json()["detail"]


async def test_placeholder_if_match_is_not_reported_as_a_change(admin, network):
    response = await admin.patch(
        f"/v1/networks/{network['id']}", {"description": "x"}, headers={"If-Match": "<string>"}
    )
    assert response.status_code == 412, response.text
    assert "ETag this API issued" in response.json()["detail"]
    stale = await admin.patch(
        f"/v1/networks/{network['id']}", {"description": "x"}, headers={"If-Match": '"999"'}
    )
    assert stale.status_code == 412
    assert "changed since you read it" in stale.json()["detail"]
