"""People and groups across two networks of one coordinator: references never cross networks."""

import uuid

import pytest

from tests.support.problems import assert_problem


@pytest.fixture
async def two_networks(admin, anon, network):
    """A coordinator of two networks: it may see both, but never mix them."""
    second = await admin.create("/v1/networks", {"name": f"Toinen {uuid.uuid4().hex[:6]}"})
    coordinator = await admin.client_for(anon, "coordinator", [network["id"], second["id"]])
    objects = {}
    for tag, n in (("first", network["id"]), ("second", second["id"])):
        partner = await coordinator.create(
            "/v1/partners", {"network_id": n, "name": f"K {tag}", "kind": "ngo"}
        )
        objects[tag] = {
            "network": n,
            "partner": partner,
            "person": await coordinator.create(
                "/v1/people", {"partner_id": partner["id"], "name": f"H {tag}"}
            ),
            "group": await coordinator.create(
                "/v1/groups", {"network_id": n, "name": f"R {tag}", "kind": "working_group"}
            ),
        }
    return coordinator, objects


async def test_references_never_cross_networks_even_when_both_are_visible(two_networks):
    coordinator, objects = two_networks
    first, second = objects["first"], objects["second"]
    members = f"/v1/groups/{first['group']['id']}/members"

    r = await coordinator.post(members, {"person_id": second["person"]["id"]})
    assert "another network" in assert_problem(r, 422, "person_id")["detail"]
    assert (await coordinator.get(members)).json()["data"] == []

    r = await coordinator.patch(
        f"/v1/people/{first['person']['id']}", {"partner_id": second["partner"]["id"]}
    )
    assert_problem(r, 422, "partner_id")
    moved = (await coordinator.get(f"/v1/people/{first['person']['id']}")).json()
    assert moved == first["person"]

    event = {"network_id": first["network"], "title": "Kokous", "start": "2026-05-04"}
    for extra, field in (
        ({"group_id": second["group"]["id"]}, "group_id"),
        ({"partner_ids": [first["partner"]["id"], second["partner"]["id"]]}, "partner_ids[1]"),
    ):
        assert_problem(await coordinator.post("/v1/events", {**event, **extra}), 422, field)
    assert (await coordinator.get("/v1/events", params={"q": "Kokous"})).json()["data"] == []
