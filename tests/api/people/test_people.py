"""People through HTTP: email and field validation, filters, moves between partners."""

import pytest

from tests.support.problems import assert_problem


@pytest.mark.parametrize(
    "email", ["aino.laine@ouka.fi", "Aino.Laine@Pohde.FI", "a+vuosikello@mll.fi"]
)
async def test_valid_email_accepted(coordinator, partner, email):
    person = await coordinator.create(
        "/v1/people", {"partner_id": partner["id"], "name": "Aino Laine", "email": email}
    )
    assert person["email"].lower() == email.lower()
    assert person["language"] == "fi" and person["network_id"] == partner["network_id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": "aino@"}, "email"),
        ({"email": "@ouka.fi"}, "email"),
        ({"email": "aino laine@ouka.fi"}, "email"),
        ({"email": "aino@@ouka.fi"}, "email"),
        ({"language": "de"}, "language"),
        ({"name": ""}, "name"),
        ({"title": "x" * 201}, "title"),
        ({"network_id": "{network}"}, "network_id"),  # derived from the partner, never given
    ],
)
async def test_person_validation(coordinator, network, partner, body, field):
    body = {k: v.format(network=network["id"]) for k, v in body.items()}
    r = await coordinator.post("/v1/people", {"partner_id": partner["id"], "name": "Aino", **body})
    assert_problem(r, 422, field)
    assert (await coordinator.get("/v1/people", params={"partner_id": partner["id"]})).json()[
        "data"
    ] == []
    person = await coordinator.create("/v1/people", {"partner_id": partner["id"], "name": "Eero"})
    assert_problem(await coordinator.patch(f"/v1/people/{person['id']}", body), 422, field)
    assert (await coordinator.get(f"/v1/people/{person['id']}")).json() == person


async def test_people_filters_and_moves(coordinator, network, partner):
    other = await coordinator.create(
        "/v1/partners", {"network_id": network["id"], "name": "MLL", "kind": "ngo"}
    )
    aino = await coordinator.create(
        "/v1/people",
        {
            "partner_id": partner["id"],
            "name": "Aino Laine",
            "email": "aino@ouka.fi",
            "title": "Hyvinvointikoordinaattori",
        },
    )
    eero = await coordinator.create(
        "/v1/people", {"partner_id": other["id"], "name": "Eero Mäki", "language": "sv"}
    )

    async def names(**params) -> list[str]:
        r = await coordinator.get("/v1/people", params={"network_id": network["id"], **params})
        return sorted(p["name"] for p in r.json()["data"])

    assert await names() == ["Aino Laine", "Eero Mäki"]
    assert await names(partner_id=partner["id"]) == ["Aino Laine"]
    assert await names(q="OUKA.FI") == ["Aino Laine"]
    assert await names(q="koordinaattori") == ["Aino Laine"]
    assert await names(q="mäki") == ["Eero Mäki"]

    r = await coordinator.patch(f"/v1/people/{eero['id']}", {"partner_id": partner["id"]})
    assert r.status_code == 200 and r.json()["partner_id"] == partner["id"]
    assert await names(partner_id=other["id"]) == []
    assert aino["language"] == "fi" and eero["language"] == "sv"
