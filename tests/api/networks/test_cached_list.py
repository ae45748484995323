"""`GET /v1/networks` answers from a per-process cache per caller's networks and query (app/
core/fresh.py): never stale after a change of those networks or of the caller's access."""

import uuid

from tests.support.statements import statements


def _names(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [n["name"] for n in response.json()["data"]]


async def test_the_list_follows_renames_and_membership_changes(admin, anon, network):
    created = await admin.create(
        "/v1/clients", {"name": "Listaaja", "role": "member", "network_ids": [network["id"]]}
    )
    member = await anon.login(created["client_id"], created["client_secret"])
    first = await member.get("/v1/networks")
    assert _names(first) == [network["name"]]
    with statements() as seen:
        again = await member.get("/v1/networks")
    assert again.content == first.content
    assert [s for s in seen if "networks" in s and "change_stamps" not in s] == []

    renamed = f"Uusi nimi {uuid.uuid4().hex[:6]}"
    r = await admin.patch(f"/v1/networks/{network['id']}", {"name": renamed})
    assert r.status_code == 200, r.text
    assert _names(await member.get("/v1/networks")) == [renamed]

    other = await admin.create("/v1/networks", {"name": f"Lisätty {uuid.uuid4().hex[:6]}"})
    both = [network["id"], other["id"]]
    r = await admin.patch(f"/v1/clients/{created['id']}", {"network_ids": both})
    assert r.status_code == 200, r.text
    assert sorted(_names(await member.get("/v1/networks"))) == sorted([renamed, other["name"]])

    r = await admin.patch(f"/v1/clients/{created['id']}", {"network_ids": [other["id"]]})
    assert r.status_code == 200, r.text
    assert _names(await member.get("/v1/networks")) == [other["name"]]
    assert _names(await member.get("/v1/networks?q=Uusi")) == []

    r = await admin.patch(f"/v1/clients/{created['id']}", {"disabled": True})
    assert r.status_code == 200, r.text
    assert (await member.get("/v1/networks")).status_code == 401


async def test_a_deleted_network_leaves_the_cached_list(admin, anon):
    doomed = await admin.create("/v1/networks", {"name": f"Poistuva {uuid.uuid4().hex[:6]}"})
    reader = await admin.client_for(anon, "coordinator", [doomed["id"]])
    assert _names(await reader.get("/v1/networks")) == [doomed["name"]]
    assert _names(await reader.get("/v1/networks")) == [doomed["name"]]
    assert (await admin.delete(f"/v1/networks/{doomed['id']}")).status_code == 204
    assert _names(await reader.get("/v1/networks")) == []


async def test_an_admin_list_shows_a_network_created_since(admin):
    before = await admin.get("/v1/networks?limit=500")
    assert before.status_code == 200
    created = await admin.create("/v1/networks", {"name": f"Uusin {uuid.uuid4().hex[:6]}"})
    query = f"/v1/networks?q={created['name'].split()[1]}"
    assert _names(await admin.get(query)) == [created["name"]]


async def test_paging_and_bad_cursors_answer_as_before(admin, anon):
    ids = [
        (await admin.create("/v1/networks", {"name": f"Sivu {i} {uuid.uuid4().hex[:6]}"}))["id"]
        for i in range(3)
    ]
    reader = await admin.client_for(anon, "member", ids)
    first = await reader.get("/v1/networks?limit=2")
    assert len(first.json()["data"]) == 2 and first.json()["next_cursor"]
    rest = await reader.get(f"/v1/networks?limit=2&cursor={first.json()['next_cursor']}")
    assert len(rest.json()["data"]) == 1 and rest.json()["next_cursor"] is None
    assert (await reader.get("/v1/networks?limit=2")).content == first.content
    for _ in range(2):
        bad = await reader.get("/v1/networks?cursor=not-a-cursor")
        assert bad.status_code == 422, bad.text
        assert bad.headers["content-type"] == "application/problem+json"
