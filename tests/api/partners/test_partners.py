"""Partners through HTTP: Y-tunnus, municipality code, wellbeing county code, filters."""

import uuid

import pytest

from tests.support.problems import assert_problem


async def partners_named(api, network_id: str, **params) -> list[str]:
    r = await api.get("/v1/partners", params={"network_id": network_id, **params})
    assert r.status_code == 200, r.text
    return sorted(p["name"] for p in r.json()["data"])


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("0187690-1", "0187690-1"),  # Oulun kaupunki
        ("0112038-9", "0112038-9"),
        ("1000002-0", "1000002-0"),  # remainder 0: check digit 0
        ("187690-1", "0187690-1"),  # old six-digit form gets its leading zero
        ("  2617416-4 ", "2617416-4"),
    ],
)
async def test_valid_business_ids_are_normalised(coordinator, network, given, stored):
    body = {"network_id": network["id"], "name": "Yritys", "kind": "company", "business_id": given}
    created = await coordinator.create("/v1/partners", body)
    assert created["business_id"] == stored
    found = await coordinator.get("/v1/partners", params={"network_id": network["id"], "q": stored})
    assert [p["id"] for p in found.json()["data"]] == [created["id"]]


@pytest.mark.parametrize(
    "business_id",
    [
        "0187690-2",  # wrong check digit
        "0187690-0",
        "1000008-0",  # remainder 1: no check digit is valid
        "1000008-1",
        "01876901",
        "0187690",
        "12345-6",
        "01876900-1",
        "0187690-1x",
        "A187690-1",
        "",
        "\u0660\u0661\u0668\u0667\u0666\u0669\u0660-\u0661",  # Arabic-Indic digits
    ],
)
async def test_invalid_business_ids_are_422(coordinator, network, partner, business_id):
    body = {"network_id": network["id"], "name": "X", "kind": "company", "business_id": business_id}
    assert_problem(await coordinator.post("/v1/partners", body), 422, "business_id")
    r = await coordinator.patch(f"/v1/partners/{partner['id']}", {"business_id": business_id})
    assert_problem(r, 422, "business_id")
    assert await partners_named(coordinator, network["id"]) == ["Oulun kaupunki"]
    assert (await coordinator.get(f"/v1/partners/{partner['id']}")).json() == partner


async def test_same_business_id_may_exist_in_two_networks(admin, network):
    other = await admin.create("/v1/networks", {"name": f"Toinen {uuid.uuid4().hex[:6]}"})
    created = set()
    for n in (network["id"], other["id"]):
        body = {"network_id": n, "name": "Oulu", "kind": "municipality", "business_id": "0187690-1"}
        created.add((await admin.create("/v1/partners", body))["id"])
    for n in (network["id"], other["id"]):
        found = await admin.get("/v1/partners", params={"network_id": n, "q": "0187690-1"})
        ids = {p["id"] for p in found.json()["data"]}
        assert len(ids) == 1 and ids <= created


@pytest.mark.parametrize("code", ["564", "091", "005"])
async def test_municipality_code_accepted(coordinator, network, code):
    body = {"network_id": network["id"], "name": "Kunta", "kind": "municipality"}
    created = await coordinator.create("/v1/partners", {**body, "municipality_code": code})
    assert created["municipality_code"] == code


@pytest.mark.parametrize("code", ["56", "5640", "abc", "5 4", "\u0665\u0666\u0664", 564])
async def test_municipality_code_must_be_three_digits(coordinator, network, partner, code):
    body = {"network_id": network["id"], "name": "Kunta", "kind": "municipality"}
    r = await coordinator.post("/v1/partners", {**body, "municipality_code": code})
    assert_problem(r, 422, "municipality_code")
    r = await coordinator.patch(f"/v1/partners/{partner['id']}", {"municipality_code": code})
    assert_problem(r, 422, "municipality_code")
    assert await partners_named(coordinator, network["id"]) == ["Oulun kaupunki"]


async def test_partner_filters(coordinator, network):
    n = network["id"]
    for name, kind, code, bid in (
        ("Oulun kaupunki", "municipality", "564", "0187690-1"),
        ("Iin kunta", "municipality", "139", None),
        ("Pohjois-Pohjanmaan hyvinvointialue", "wellbeing_county", None, None),
        ("MLL Pohjois-Pohjanmaan piiri", "ngo", None, None),
        ("100% Nuoret ry", "ngo", None, None),
        ("Oulun seurakuntayhtymä", "parish", None, None),
    ):
        await coordinator.create(
            "/v1/partners",
            {
                "network_id": n,
                "name": name,
                "kind": kind,
                "municipality_code": code,
                "business_id": bid,
            },
        )
    assert await partners_named(coordinator, n, kind="ngo") == [
        "100% Nuoret ry",
        "MLL Pohjois-Pohjanmaan piiri",
    ]
    assert await partners_named(coordinator, n, q="oulun") == [
        "Oulun kaupunki",
        "Oulun seurakuntayhtymä",
    ]
    assert await partners_named(coordinator, n, q="POHJOIS", kind="ngo") == [
        "MLL Pohjois-Pohjanmaan piiri"
    ]
    assert await partners_named(coordinator, n, q="0187690") == ["Oulun kaupunki"]
    assert await partners_named(coordinator, n, q="%") == ["100% Nuoret ry"]  # literal, no wildcard
    assert await partners_named(coordinator, n, q="_") == []
    assert await partners_named(coordinator, n, municipality_code="139") == ["Iin kunta"]
    assert await partners_named(coordinator, n, kind="school") == []


@pytest.mark.parametrize(
    ("given", "stored"),
    [("19", "19"), ("019", "19"), ("01", "1"), ("21", "21"), ("90", "90"), (" 9 ", "9")],
)
async def test_wellbeing_county_code_accepted_as_sotkanet_writes_it(
    coordinator, network, given, stored
):
    body = {"network_id": network["id"], "name": "Hyvinvointialue", "kind": "wellbeing_county"}
    created = await coordinator.create("/v1/partners", {**body, "wellbeing_county_code": given})
    assert created["wellbeing_county_code"] == stored
    assert created["municipality_code"] is None


@pytest.mark.parametrize("code", ["0", "22", "89", "564", "1 9", "x", "\u0661\u0669", 19])
async def test_wellbeing_county_code_must_be_a_county(coordinator, network, code):
    body = {"network_id": network["id"], "name": "Hyvinvointialue", "kind": "wellbeing_county"}
    r = await coordinator.post("/v1/partners", {**body, "wellbeing_county_code": code})
    problem = assert_problem(r, 422, "wellbeing_county_code")
    if isinstance(code, str):  # the message names the codes there are
        assert "1-21" in problem["errors"][0]["message"], problem
    county = await coordinator.create("/v1/partners", body)
    r = await coordinator.patch(f"/v1/partners/{county['id']}", {"wellbeing_county_code": code})
    assert_problem(r, 422, "wellbeing_county_code")
    assert (await coordinator.get(f"/v1/partners/{county['id']}")).json() == county


async def test_codes_must_fit_the_partners_kind(coordinator, network, partner):
    n = network["id"]
    # A municipality (or an NGO) has no wellbeing county code...
    for kind in ("municipality", "ngo"):
        body = {"network_id": n, "name": "X", "kind": kind, "wellbeing_county_code": "19"}
        problem = assert_problem(await coordinator.post("/v1/partners", body), 422,
                                 "wellbeing_county_code")  # fmt: skip
        assert "wellbeing_county" in problem["errors"][0]["message"]
    r = await coordinator.patch(f"/v1/partners/{partner['id']}", {"wellbeing_county_code": "19"})
    assert_problem(r, 422, "wellbeing_county_code")
    # ...and a wellbeing county no municipality code: the problem says what to set instead.
    body = {
        "network_id": n,
        "name": "Pohde",
        "kind": "wellbeing_county",
        "municipality_code": "019",
    }
    problem = assert_problem(await coordinator.post("/v1/partners", body), 422, "municipality_code")
    assert "wellbeing_county_code" in problem["errors"][0]["message"]
    county = await coordinator.create("/v1/partners", {
        "network_id": n, "name": "Pohde", "kind": "wellbeing_county", "wellbeing_county_code": "19",
    })  # fmt: skip
    # Changing the kind away from wellbeing_county while the code stays is refused too; with
    # the code cleared in the same request it is allowed.
    r = await coordinator.patch(f"/v1/partners/{county['id']}", {"kind": "regional_council"})
    assert_problem(r, 422, "wellbeing_county_code")
    r = await coordinator.patch(f"/v1/partners/{county['id']}", {"kind": None})
    assert_problem(r, 422, "kind")
    moved = await coordinator.patch(
        f"/v1/partners/{county['id']}", {"kind": "regional_council", "wellbeing_county_code": None}
    )
    assert moved.status_code == 200, moved.text
    assert (
        moved.json()["kind"] == "regional_council" and moved.json()["wellbeing_county_code"] is None
    )
    assert await partners_named(coordinator, n) == ["Oulun kaupunki", "Pohde"]
