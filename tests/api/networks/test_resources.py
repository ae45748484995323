"""Networks, partners, people, groups and memberships through HTTP: validation and filters."""

import uuid

import pytest

from tests.support.problems import assert_problem


@pytest.fixture
async def partner(coordinator, network) -> dict:
    return await coordinator.create(
        "/v1/partners",
        {"network_id": network["id"], "name": "Oulun kaupunki", "kind": "municipality"},
    )


@pytest.fixture
async def group(coordinator, network) -> dict:
    return await coordinator.create(
        "/v1/groups",
        {"network_id": network["id"], "name": "LAPE-ohjausryhmä", "kind": "steering_group"},
    )


async def partners_named(api, network_id: str, **params) -> list[str]:
    r = await api.get("/v1/partners", params={"network_id": network_id, **params})
    assert r.status_code == 200, r.text
    return sorted(p["name"] for p in r.json()["data"])


# --- partners: Y-tunnus and municipality code -------------------------------------------------


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


# --- people -----------------------------------------------------------------------------------


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


# --- people and groups across two networks of the same coordinator -----------------------------


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


# --- groups and memberships -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term_start", "term_end", "ok"),
    [
        ("2025-06-01", "2029-05-31", True),
        ("2025-06-01", "2025-06-01", True),
        (None, "2029-05-31", True),
        ("2025-06-01", "2025-05-31", False),
    ],
)
async def test_group_term_end_not_before_start(coordinator, network, term_start, term_end, ok):
    body = {
        "network_id": network["id"],
        "name": "Hyvinvointiryhmä",
        "kind": "working_group",
        "term_start": term_start,
        "term_end": term_end,
    }
    r = await coordinator.post("/v1/groups", body)
    if ok:
        assert r.status_code == 201 and r.json()["term_end"] == term_end
    else:
        assert "term_start" in assert_problem(r, 422, "term_end")["detail"]
        listed = await coordinator.get("/v1/groups", params={"network_id": network["id"]})
        assert listed.json()["data"] == []


async def test_group_term_checked_against_stored_values_on_patch(coordinator, group):
    url = f"/v1/groups/{group['id']}"
    r = await coordinator.patch(url, {"term_start": "2025-06-01", "term_end": "2029-05-31"})
    assert r.status_code == 200
    assert_problem(await coordinator.patch(url, {"term_end": "2025-01-01"}), 422, "term_end")
    assert_problem(await coordinator.patch(url, {"term_start": "2030-01-01"}), 422, "term_end")
    assert (await coordinator.get(url)).json() == r.json()
    r2 = await coordinator.patch(url, {"term_start": None})
    assert r2.status_code == 200 and r2.json()["term_start"] is None


async def test_group_filters(coordinator, network, partner):
    n = network["id"]
    person = await coordinator.create("/v1/people", {"partner_id": partner["id"], "name": "Aino"})
    lape = await coordinator.create(
        "/v1/groups", {"network_id": n, "name": "LAPE-ohjausryhmä", "kind": "steering_group"}
    )
    await coordinator.create(
        "/v1/groups", {"network_id": n, "name": "Hyvinvointityöryhmä", "kind": "working_group"}
    )
    await coordinator.create(f"/v1/groups/{lape['id']}/members", {"person_id": person["id"]})

    async def names(**params) -> list[str]:
        r = await coordinator.get("/v1/groups", params={"network_id": n, **params})
        return sorted(g["name"] for g in r.json()["data"])

    assert await names() == ["Hyvinvointityöryhmä", "LAPE-ohjausryhmä"]
    assert await names(kind="working_group") == ["Hyvinvointityöryhmä"]
    assert await names(q="lape") == ["LAPE-ohjausryhmä"]
    assert await names(person_id=person["id"]) == ["LAPE-ohjausryhmä"]
    assert await names(person_id=str(uuid.uuid4())) == []


async def test_membership_dates_and_active_on(coordinator, partner, group):
    person = await coordinator.create("/v1/people", {"partner_id": partner["id"], "name": "Aino"})
    url = f"/v1/groups/{group['id']}/members"
    periods = {
        "2025": ("chair", "2025-01-01", "2025-12-31"),
        "from-2026": ("member", "2026-01-01", None),
        "always": ("secretary", None, None),
        "from-june": ("deputy", "2026-06-01", None),
    }
    ids = {}
    for name, (role, start, end) in periods.items():
        m = await coordinator.create(
            url, {"person_id": person["id"], "role": role, "start": start, "end": end}
        )
        assert (m["group_id"], m["person_id"], m["role"], m["start"], m["end"]) == (
            group["id"], person["id"], role, start, end,
        )  # fmt: skip
        ids[m["id"]] = name

    async def active(**params) -> list[str]:
        r = await coordinator.get(url, params=params)
        assert r.status_code == 200, r.text
        return sorted(ids[m["id"]] for m in r.json()["data"])

    assert await active() == sorted(periods)
    assert await active(active_on="2025-06-01") == ["2025", "always"]
    assert await active(active_on="2025-12-31") == ["2025", "always"]  # the end day counts
    assert await active(active_on="2026-01-01") == ["always", "from-2026"]
    assert await active(active_on="2026-07-01") == ["always", "from-2026", "from-june"]
    assert await active(role="chair") == ["2025"]
    assert await active(role="chair", active_on="2026-07-01") == []

    r = await coordinator.post(
        url, {"person_id": person["id"], "start": "2026-02-01", "end": "2026-01-31"}
    )
    assert "start" in assert_problem(r, 422, "end")["detail"]
    member = next(k for k, v in ids.items() if v == "from-2026")
    r = await coordinator.patch(f"{url}/{member}", {"end": "2025-12-31"})
    assert_problem(r, 422, "end")
    r = await coordinator.patch(f"{url}/{member}", {"person_id": str(uuid.uuid4())})
    assert_problem(r, 422, "person_id")  # a membership never changes person
    assert await active() == sorted(periods)
    assert (await coordinator.get(f"{url}/{member}")).json()["end"] is None


async def test_membership_refuses_unknown_person_and_bad_role(coordinator, partner, group):
    url = f"/v1/groups/{group['id']}/members"
    assert_problem(await coordinator.post(url, {"person_id": str(uuid.uuid4())}), 422, "person_id")
    person = await coordinator.create("/v1/people", {"partner_id": partner["id"], "name": "Aino"})
    assert_problem(
        await coordinator.post(url, {"person_id": person["id"], "role": "boss"}), 422, "role"
    )
    assert (await coordinator.get(url)).json()["data"] == []


async def test_person_with_memberships_is_not_deleted(coordinator, partner, group):
    person = await coordinator.create("/v1/people", {"partner_id": partner["id"], "name": "Aino"})
    url = f"/v1/groups/{group['id']}/members"
    membership = await coordinator.create(url, {"person_id": person["id"]})
    assert_problem(await coordinator.delete(f"/v1/people/{person['id']}"), 409)
    assert (await coordinator.get(f"/v1/people/{person['id']}")).status_code == 200
    assert (await coordinator.delete(f"{url}/{membership['id']}")).status_code == 204
    assert (await coordinator.delete(f"/v1/people/{person['id']}")).status_code == 204
    assert_problem(await coordinator.get(f"/v1/people/{person['id']}"), 404)


async def test_deleting_a_group_removes_its_memberships(coordinator, partner, group):
    person = await coordinator.create("/v1/people", {"partner_id": partner["id"], "name": "Aino"})
    await coordinator.create(f"/v1/groups/{group['id']}/members", {"person_id": person["id"]})
    assert (await coordinator.delete(f"/v1/groups/{group['id']}")).status_code == 204
    assert_problem(await coordinator.get(f"/v1/groups/{group['id']}/members"), 404)
    # The person is free again: no membership of the deleted group holds it.
    assert (await coordinator.delete(f"/v1/people/{person['id']}")).status_code == 204
