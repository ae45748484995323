"""Disabling a client ends every token issued before it; enabling it again does not revive
them (as rotating the secret does)."""


async def test_a_token_from_before_a_disable_stays_dead_after_the_enable(admin, anon, network):
    created = await admin.create(
        "/v1/clients", {"name": "Tauko", "role": "member", "network_ids": [network["id"]]}
    )
    member = await anon.login(created["client_id"], created["client_secret"])
    assert (await member.get(f"/v1/networks/{network['id']}")).status_code == 200

    url = f"/v1/clients/{created['id']}"
    assert (await admin.patch(url, {"disabled": True})).status_code == 200
    assert (await member.get(f"/v1/networks/{network['id']}")).status_code == 401
    assert (await admin.patch(url, {"disabled": False})).status_code == 200

    refused = await member.get(f"/v1/networks/{network['id']}")
    assert refused.status_code == 401, refused.text
    assert "disabled" in refused.json()["detail"]
    # The secret itself still works: a new token is issued and accepted.
    again = await anon.login(created["client_id"], created["client_secret"])
    assert (await again.get(f"/v1/networks/{network['id']}")).status_code == 200


async def test_an_update_that_does_not_disable_keeps_tokens(admin, anon, network):
    created = await admin.create(
        "/v1/clients", {"name": "Nimi", "role": "member", "network_ids": [network["id"]]}
    )
    member = await anon.login(created["client_id"], created["client_secret"])
    url = f"/v1/clients/{created['id']}"
    assert (await admin.patch(url, {"name": "Uusi nimi"})).status_code == 200
    assert (await admin.patch(url, {"disabled": False})).status_code == 200
    assert (await member.get(f"/v1/networks/{network['id']}")).status_code == 200
