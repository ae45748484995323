"""API conventions through HTTP: problem+json errors, ETag / If-Match, keyset pagination."""

import uuid

import pytest

from tests.support.builders import fill, partner_body
from tests.support.problems import PROBLEM_TYPE, assert_problem

# --- problem+json for every error status ---------------------------------------------------


async def test_401_403_404_are_problems(anon, admin, network, coordinator):
    r = await anon.get("/v1/partners")
    assert_problem(r, 401)
    assert r.headers["www-authenticate"].startswith("Bearer ")

    r = await coordinator.post("/v1/networks", {"name": "Oma verkosto"})
    assert "only an admin" in assert_problem(r, 403)["detail"].lower()

    r = await coordinator.get(f"/v1/partners/{uuid.uuid4()}")
    assert assert_problem(r, 404)["type"] == PROBLEM_TYPE + "not-found"


@pytest.mark.parametrize("path", ["/nope", "/v1/nope", "/v1/partners/x/y/z", "/v1"])
async def test_unknown_route_is_a_404_problem(admin, path):
    assert_problem(await admin.get(path), 404)


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", "/v1/networks/{id}", {"GET", "PATCH", "DELETE"}),
        ("DELETE", "/v1/networks", {"GET", "POST"}),
        ("GET", "/v1/auth/token", {"POST"}),
    ],
)
async def test_wrong_method_is_a_405_problem(admin, network, method, path, allowed):
    r = await admin.request(method, path.format(id=network["id"]), json={})
    assert_problem(r, 405)
    assert {m.strip() for m in r.headers["allow"].split(",")} == allowed


async def test_409_for_duplicate_business_id_and_partner_with_people(coordinator, network):
    first = await coordinator.create(
        "/v1/partners", partner_body(network["id"], business_id="0187690-1")
    )
    # The same id written the old six-digit way is the same business.
    r = await coordinator.post("/v1/partners", partner_body(network["id"], business_id="187690-1"))
    assert first["id"] in assert_problem(r, 409)["detail"]
    other = await coordinator.create("/v1/partners", partner_body(network["id"], name="Muu"))
    r = await coordinator.patch(f"/v1/partners/{other['id']}", {"business_id": "0187690-1"})
    assert_problem(r, 409)
    assert (await coordinator.get(f"/v1/partners/{other['id']}")).json()["business_id"] is None

    await coordinator.create("/v1/people", {"partner_id": first["id"], "name": "Liisa Laine"})
    assert_problem(await coordinator.delete(f"/v1/partners/{first['id']}"), 409)
    assert (await coordinator.get(f"/v1/partners/{first['id']}")).status_code == 200


NEW_PARTNER = {"network_id": "{network}", "name": "Iin kunta", "kind": "municipality"}


@pytest.mark.parametrize(
    ("method", "path", "body", "fields"),
    [
        ("GET", "/v1/partners/not-a-uuid", None, ["partner_id"]),
        ("DELETE", "/v1/people/1234", None, ["person_id"]),
        ("GET", "/v1/groups/{group}/members/123", None, ["membership_id"]),
        ("GET", "/v1/partners?kind=castle", None, ["kind"]),
        ("GET", "/v1/partners?network_id=all", None, ["network_id"]),
        ("GET", "/v1/groups/{group}/members?active_on=tomorrow", None, ["active_on"]),
        ("GET", "/v1/partners?limit=0", None, ["limit"]),
        ("GET", "/v1/partners?limit=501", None, ["limit"]),
        ("GET", "/v1/partners?limit=many", None, ["limit"]),
        ("GET", "/v1/people?cursor=not-a-cursor", None, ["cursor"]),
        ("GET", "/v1/people?cursor=WyJ4Il0", None, ["cursor"]),  # base64 of ["x"]
        ("GET", "/v1/people?cursor=W10", None, ["cursor"]),  # base64 of []
        ("GET", "/v1/groups?cursor=%FF", None, ["cursor"]),
        ("GET", "/v1/events?cursor=WyJ4IiwieSJd", None, ["cursor"]),  # ["x","y"]
        ("POST", "/v1/partners", {**NEW_PARTNER, "kind": "castle"}, ["kind"]),
        ("POST", "/v1/partners", {"name": "X", "kind": "ngo"}, ["network_id"]),
        ("POST", "/v1/partners", {**NEW_PARTNER, "version": 7}, ["version"]),
        (
            "POST",
            "/v1/partners",
            {**NEW_PARTNER, "id": "x", "created_at": "x"},
            ["id", "created_at"],
        ),
        ("POST", "/v1/partners", {**NEW_PARTNER, "name": " "}, ["name"]),
        ("POST", "/v1/partners", {**NEW_PARTNER, "name": "a\x00b"}, ["name"]),
        ("POST", "/v1/partners", [], ["body"]),
        ("POST", "/v1/groups", {"network_id": "{network}", "name": "G", "kind": "club"}, ["kind"]),
        ("PATCH", "/v1/groups/{group}", {"term_start": "2026-13-01"}, ["term_start"]),
        ("PATCH", "/v1/groups/{group}", {"network_id": "{network}"}, ["network_id"]),
        ("PATCH", "/v1/groups/{group}", {"name": None}, ["name"]),
        ("PATCH", "/v1/groups/{group}", {"kind": None}, ["kind"]),
        ("PATCH", "/v1/groups/{group}", {"description": ["a\x00"]}, ["description"]),
    ],
)
async def test_422_names_the_offending_fields(admin, network, method, path, body, fields):
    group = await admin.create(
        "/v1/groups", {"network_id": network["id"], "name": "LAPE", "kind": "steering_group"}
    )
    ids = {"network": network["id"], "group": group["id"]}
    r = await admin.request(method, fill(path, **ids), json=fill(body, **ids))
    problem = assert_problem(r, 422, *fields)
    assert problem["type"] == PROBLEM_TYPE + "validation-error"
    assert (await admin.get(f"/v1/groups/{group['id']}")).json() == group
    partners = await admin.get("/v1/partners", params={"network_id": network["id"]})
    assert partners.json()["data"] == []


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b'{"name": ', "application/json"),
        (b"\xff\xfe", "application/json"),
        (b"{'name': 'x'}", "application/json"),
        (b"name=x&kind=ngo", "application/x-www-form-urlencoded"),
        (b"", "application/json"),
    ],
)
async def test_malformed_body_is_a_422_on_body(admin, network, content, content_type):
    r = await admin.post("/v1/partners", content=content, headers={"Content-Type": content_type})
    assert_problem(r, 422, "body")


@pytest.mark.parametrize("query", ["q", "municipality_code"])
async def test_nul_in_a_query_is_no_server_error(admin, network, query):
    # SQLite can search for NUL, PostgreSQL cannot store or compare it: never a 500.
    r = await admin.get("/v1/partners", params={"network_id": network["id"], query: "a\x00b"})
    if r.status_code == 200:
        assert r.json()["data"] == []
    else:
        assert_problem(r, 422)


# --- ETag and If-Match ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body", "change"),
    [
        ("/v1/partners", "partner", {"name": "Iin kunta"}),
        ("/v1/people", "person", {"title": "Hyvinvointikoordinaattori"}),
        ("/v1/groups", "group", {"name": "Hyvinvointiryhmä"}),
        ("/v1/events", "event", {"title": "Tilannekuvaseminaari"}),
        ("/v1/networks", "network", {"description": "Pohjois-Pohjanmaa"}),
        ("members", "membership", {"role": "chair"}),
    ],
)
async def test_etag_and_if_match(admin, network, path, body, change):
    n = network["id"]
    partner = await admin.create("/v1/partners", partner_body(n))
    group = await admin.create(
        "/v1/groups", {"network_id": n, "name": "LAPE", "kind": "steering_group"}
    )
    person = await admin.create("/v1/people", {"partner_id": partner["id"], "name": "Aino"})
    bodies = {
        "partner": partner_body(n, name="Kempele"),
        "person": {"partner_id": partner["id"], "name": "Eero"},
        "group": {"network_id": n, "name": "Työryhmä", "kind": "working_group"},
        "event": {"network_id": n, "title": "Valtuusto", "start": "2026-06-01T18:00:00"},
        "network": {"name": f"Verkosto {uuid.uuid4().hex[:6]}"},
        "membership": {"person_id": person["id"]},
    }
    if path == "members":
        path = f"/v1/groups/{group['id']}/members"
    created = await admin.post(path, bodies[body])
    assert created.status_code == 201, created.text
    etag = created.headers["etag"]
    url = created.headers["location"]
    assert url == f"{path}/{created.json()['id']}"

    got = await admin.get(url)
    assert got.headers["etag"] == etag and got.json() == created.json()

    stale = "W/" + etag  # weak tags never match If-Match (strong comparison)
    for wrong in ('"999"', stale, '"nonsense"'):
        r = await admin.patch(url, change, headers={"If-Match": wrong})
        assert assert_problem(r, 412)["current_etag"] == etag
    after = await admin.get(url)
    assert after.json() == created.json() and after.headers["etag"] == etag

    r = await admin.patch(url, change, headers={"If-Match": etag})
    assert r.status_code == 200, r.text
    new_etag = r.headers["etag"]
    assert new_etag != etag
    assert {k: r.json()[k] for k in change} == change
    assert r.json()["updated_at"] > created.json()["updated_at"]
    assert (await admin.get(url)).headers["etag"] == new_etag

    # The old ETag is stale now, also in a list of candidates; the current one in a list works.
    r = await admin.patch(url, change, headers={"If-Match": f'{etag}, "0"'})
    assert_problem(r, 412)
    r = await admin.patch(url, change, headers={"If-Match": f'"0", {new_etag}'})
    assert r.status_code == 200 and r.headers["etag"] == new_etag  # no change: same version
    r = await admin.patch(url, change, headers={"If-Match": "*"})
    assert r.status_code == 200


# --- keyset pagination ------------------------------------------------------------------------


@pytest.mark.parametrize("count", [7, 6])
async def test_pagination_visits_every_row_exactly_once(admin, network, count):
    n = network["id"]
    created = {
        (await admin.create("/v1/partners", partner_body(n, name=f"Kunta {i}")))["id"]
        for i in range(count)
    }
    seen: list[str] = []
    sizes = []
    cursor = None
    for _ in range(10):
        params = {"network_id": n, "limit": 3, **({"cursor": cursor} if cursor else {})}
        r = await admin.get("/v1/partners", params=params)
        assert r.status_code == 200, r.text
        page = r.json()
        assert set(page) == {"data", "next_cursor"}
        seen += [p["id"] for p in page["data"]]
        sizes.append(len(page["data"]))
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(created) and len(seen) == count
    assert sizes == ([3, 3, 1] if count == 7 else [3, 3])

    whole = await admin.get("/v1/partners", params={"network_id": n, "limit": 500})
    assert whole.json()["next_cursor"] is None
    assert [p["id"] for p in whole.json()["data"]] == seen


async def test_default_limit_is_50(admin, network):
    n = network["id"]
    for i in range(51):
        await admin.create(
            "/v1/groups", {"network_id": n, "name": f"R{i}", "kind": "working_group"}
        )
    page = (await admin.get("/v1/groups", params={"network_id": n})).json()
    assert len(page["data"]) == 50 and page["next_cursor"]
    rest = await admin.get("/v1/groups", params={"network_id": n, "cursor": page["next_cursor"]})
    assert len(rest.json()["data"]) == 1 and rest.json()["next_cursor"] is None
