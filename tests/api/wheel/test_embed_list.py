"""GET /v1/wheel-embeds: the published wheels of the caller's networks, paged, never with the
token that their URL holds."""

from typing import Any

from tests.support import Api

INTRANET = "https://intranet.example.fi"


async def publish(api: Api, network_id: str, name: str) -> dict:
    body = {"scope": "network", "network_id": network_id, "allowed_origins": [INTRANET],
            "name": name, "options": {"rings": "kind", "lang": "sv"}}  # fmt: skip
    response = await api.post("/v1/wheel-embeds", body)
    assert response.status_code == 201, response.text
    return response.json()


async def listed(api: Api, limit: int, **params: Any) -> list[dict]:
    """Every page of the list, walked with the cursor."""
    found: list[dict] = []
    cursor = None
    while True:
        query = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        response = await api.get("/v1/wheel-embeds", params=query)
        assert response.status_code == 200, response.text
        assert len(response.json()["data"]) <= limit
        found += response.json()["data"]
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return found


async def test_the_list_pages_through_the_networks_embeds_without_tokens(coordinator, network):
    created = [await publish(coordinator, network["id"], f"Intranet {n}") for n in range(5)]
    tokens = [c["url"].rsplit("/wheel/", 1)[1] for c in created]
    for limit in (1, 2, 5, 500):
        shown = await listed(coordinator, limit)
        assert [e["id"] for e in shown] == [c["id"] for c in created]
    response = await coordinator.get("/v1/wheel-embeds", params={"network_id": network["id"]})
    [first, *_] = response.json()["data"]
    assert first == {key: value for key, value in created[0].items() if key != "url"}
    assert first["name"] == "Intranet 0" and first["allowed_origins"] == [INTRANET]
    assert first["options"]["rings"] == "kind" and first["options"]["lang"] == "sv"
    assert "url" not in first and "token" not in first and "token_hash" not in first
    assert not any(token in response.text for token in tokens)
    # A revoked embed is no longer listed.
    deleted = await coordinator.delete(f"/v1/wheel-embeds/{created[1]['id']}")
    assert deleted.status_code == 204
    assert [e["id"] for e in await listed(coordinator, 2)] == [
        c["id"] for c in created if c is not created[1]
    ]


async def test_the_list_shows_only_the_callers_networks(admin, anon, coordinator, network):
    other = await admin.create("/v1/networks", {"name": "Toinen verkosto"})
    stranger = await admin.client_for(anon, "coordinator", [other["id"]])
    member = await admin.client_for(anon, "member", [network["id"]])
    mine = await publish(coordinator, network["id"], "Oma")
    theirs = await publish(stranger, other["id"], "Toisen")
    assert [e["id"] for e in await listed(coordinator, 10)] == [mine["id"]]
    assert [e["id"] for e in await listed(stranger, 10)] == [theirs["id"]]
    # Naming another network's id shows nothing of it.
    assert await listed(coordinator, 10, network_id=other["id"]) == []
    # A reader of the network sees its embeds too (without tokens, as everyone).
    assert [e["id"] for e in await listed(member, 10)] == [mine["id"]]
    # An admin sees every network, or one of them.
    everything = {e["id"] for e in await listed(admin, 500)}
    assert {mine["id"], theirs["id"]} <= everything
    assert [e["id"] for e in await listed(admin, 10, network_id=other["id"])] == [theirs["id"]]


async def test_a_bad_cursor_or_limit_is_refused(coordinator, network):
    for params in ({"cursor": "not a cursor"}, {"limit": 0}, {"limit": 501}):
        response = await coordinator.get("/v1/wheel-embeds", params=params)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
    anonymous = await coordinator.http.get("/v1/wheel-embeds")
    assert anonymous.status_code == 401
