"""Access control through HTTP: what each role may do, and that no data of one network is
ever visible to, or changeable by, a client of another."""

import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from jose import jwt

from tests.support import Api
from tests.support.builders import fill
from tests.support.problems import assert_problem

READERS = ["member", "integration"]
ROLES = ["coordinator", *READERS]
RID = "2026-03-29T09:00:00"  # the second of three weekly occurrences
WINDOW = "from=2026-03-01&to=2026-05-01"


@dataclass
class World:
    """Networks "a" and "b", each with one of everything, and a client per role in each."""

    ids: dict[str, str] = field(default_factory=dict)
    marker: str = field(default_factory=lambda: uuid.uuid4().hex)
    clients: dict[tuple[str, str], Api] = field(default_factory=dict)
    snapshots: dict[str, dict[str, Any]] = field(default_factory=dict)

    def client(self, tag: str, role: str) -> Api:
        return self.clients[tag, role]

    def fill(self, value: Any) -> Any:
        return fill(value, **self.ids, rid=RID, window=WINDOW)

    def urls(self, tag: str) -> list[str]:
        """Everything of one network an admin can read, to prove nothing changed."""
        return self.fill(
            [
                f"/v1/networks/{{{tag}_network}}",
                f"/v1/partners/{{{tag}_partner}}",
                f"/v1/people/{{{tag}_person}}",
                f"/v1/groups/{{{tag}_group}}",
                f"/v1/groups/{{{tag}_group}}/members",
                f"/v1/groups/{{{tag}_group}}/members/{{{tag}_membership}}",
                f"/v1/events/{{{tag}_event}}",
                f"/v1/events/{{{tag}_event}}/occurrences?{{window}}",
                f"/v1/partners?network_id={{{tag}_network}}",
                f"/v1/people?network_id={{{tag}_network}}",
                f"/v1/groups?network_id={{{tag}_network}}",
                f"/v1/events?network_id={{{tag}_network}}",
            ]
        )

    async def snapshot(self, admin: Api, tag: str) -> dict[str, Any]:
        result = {}
        for url in self.urls(tag):
            r = await admin.get(url)
            assert r.status_code == 200, (url, r.text)
            result[url] = (r.headers.get("etag"), r.json())
        return result

    async def assert_unchanged(self, admin: Api, *tags: str) -> None:
        for tag in tags:
            assert await self.snapshot(admin, tag) == self.snapshots[tag]


@pytest.fixture(scope="module")
async def world(admin: Api, anon: Api) -> World:
    w = World()
    for tag in ("a", "b"):
        name = f"{tag.upper()} {w.marker}"
        network = await admin.create("/v1/networks", {"name": f"Verkosto {name}"})
        n = network["id"]
        partner = await admin.create(
            "/v1/partners",
            {"network_id": n, "name": f"Kunta {name}", "kind": "municipality",
             "business_id": "0187690-1", "municipality_code": "564"},
        )  # fmt: skip
        person = await admin.create(
            "/v1/people",
            {"partner_id": partner["id"], "name": f"Henkilö {name}", "email": "a@example.fi"},
        )
        group = await admin.create(
            "/v1/groups", {"network_id": n, "name": f"Ryhmä {name}", "kind": "steering_group"}
        )
        membership = await admin.create(
            f"/v1/groups/{group['id']}/members",
            {"person_id": person["id"], "role": "chair", "start": "2026-01-01"},
        )
        event = await admin.create(
            "/v1/events",
            {"network_id": n, "title": f"Kokous {name}", "start": "2026-03-22T09:00:00",
             "rrule": "FREQ=WEEKLY;COUNT=3", "group_id": group["id"],
             "partner_ids": [partner["id"]], "category": "Ohjausryhmät"},
        )  # fmt: skip
        for kind, obj in (
            ("network", network),
            ("partner", partner),
            ("person", person),
            ("group", group),
            ("membership", membership),
            ("event", event),
        ):
            w.ids[f"{tag}_{kind}"] = obj["id"]
        for role in ROLES:
            w.clients[tag, role] = await admin.client_for(anon, role, [n])
    for tag in ("a", "b"):
        w.snapshots[tag] = await w.snapshot(admin, tag)
    return w


def a_ids(world: World) -> set[str]:
    return {v for k, v in world.ids.items() if k.startswith("a_")}


def listed_ids(page: dict[str, Any]) -> set[str]:
    found = set()
    for item in page["data"]:
        found |= {item.get(k) for k in ("id", "event_id", "network_id", "partner_id", "group_id")}
        found |= set(item.get("partner_ids", []))
    return found - {None}


# --- another network's objects: 404, never data, nothing changed -------------------------------

CROSS_NETWORK = [
    ("GET", "/v1/networks/{a_network}", None),
    ("PATCH", "/v1/networks/{a_network}", {"name": "Kaapattu"}),
    ("DELETE", "/v1/networks/{a_network}", None),
    ("GET", "/v1/partners/{a_partner}", None),
    ("PATCH", "/v1/partners/{a_partner}", {"name": "Kaapattu"}),
    ("DELETE", "/v1/partners/{a_partner}", None),
    ("GET", "/v1/people/{a_person}", None),
    ("PATCH", "/v1/people/{a_person}", {"email": "kaappari@example.com"}),
    ("PATCH", "/v1/people/{a_person}", {"partner_id": "{b_partner}"}),
    ("DELETE", "/v1/people/{a_person}", None),
    ("GET", "/v1/groups/{a_group}", None),
    ("PATCH", "/v1/groups/{a_group}", {"name": "Kaapattu"}),
    ("DELETE", "/v1/groups/{a_group}", None),
    ("GET", "/v1/groups/{a_group}/members", None),
    ("POST", "/v1/groups/{a_group}/members", {"person_id": "{b_person}"}),
    ("GET", "/v1/groups/{a_group}/members/{a_membership}", None),
    ("PATCH", "/v1/groups/{a_group}/members/{a_membership}", {"role": "member"}),
    ("DELETE", "/v1/groups/{a_group}/members/{a_membership}", None),
    # A membership of network a, reached through a group of the caller's own network.
    ("GET", "/v1/groups/{b_group}/members/{a_membership}", None),
    ("PATCH", "/v1/groups/{b_group}/members/{a_membership}", {"role": "member"}),
    ("DELETE", "/v1/groups/{b_group}/members/{a_membership}", None),
    ("GET", "/v1/events/{a_event}", None),
    ("PATCH", "/v1/events/{a_event}", {"title": "Kaapattu"}),
    ("DELETE", "/v1/events/{a_event}", None),
    ("GET", "/v1/events/{a_event}/occurrences?{window}", None),
    ("GET", "/v1/events/{a_event}/occurrences/{rid}", None),
    ("PUT", "/v1/events/{a_event}/occurrences/{rid}", {"title": "Kaapattu"}),
    ("DELETE", "/v1/events/{a_event}/occurrences/{rid}", None),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "body"), CROSS_NETWORK)
async def test_other_networks_objects_are_404(admin, world, role, method, path, body):
    caller = world.client("b", role)
    # Through its own group, a reader is refused writing before anything of network a is read.
    status = 403 if role in READERS and method != "GET" and "{b_" in path else 404
    r = await caller.request(method, world.fill(path), json=world.fill(body))
    problem = assert_problem(r, status)
    assert set(problem) == {"type", "title", "status", "detail", "instance"}
    assert world.marker not in r.text

    # Indistinguishable from an id that does not exist at all.
    missing = world.fill(path)
    for value in a_ids(world):
        missing = missing.replace(value, str(uuid.uuid4()))
    r2 = await caller.request(method, missing, json=world.fill(body))
    assert_problem(r2, status)
    assert r2.json()["detail"] == problem["detail"]

    await world.assert_unchanged(admin, "a", "b")


LISTS = [
    "/v1/networks",
    "/v1/partners",
    "/v1/partners?network_id={a_network}",
    "/v1/partners?q={marker}",
    "/v1/people",
    "/v1/people?network_id={a_network}",
    "/v1/people?partner_id={a_partner}",
    "/v1/groups",
    "/v1/groups?network_id={a_network}",
    "/v1/groups?person_id={a_person}",
    "/v1/events",
    "/v1/events?network_id={a_network}",
    "/v1/events?group_id={a_group}",
    "/v1/events?partner_id={a_partner}",
    "/v1/events?category=Ohjausryhmät",
    "/v1/occurrences?{window}",
    "/v1/occurrences?network_id={a_network}&{window}",
    "/v1/occurrences?group_id={a_group}&{window}",
    "/v1/occurrences?partner_id={a_partner}&{window}",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", LISTS)
async def test_lists_never_show_other_networks_rows(admin, world, role, path):
    url = fill(path, **world.ids, window=WINDOW, marker=world.marker)
    r = await world.client("b", role).get(url)
    assert r.status_code == 200, r.text
    page = r.json()
    assert not listed_ids(page) & a_ids(world)
    assert f"A {world.marker}" not in r.text
    names_a = "{a_" in path
    if names_a:
        assert page == {"data": [], "next_cursor": None}
    else:
        # The caller does see its own network's rows: the filter is not simply "nothing".
        assert world.ids["b_network"] in listed_ids(page) or any(
            v in listed_ids(page) for k, v in world.ids.items() if k.startswith("b_")
        )
    # Control: an admin's same request does show network a (on some page: earlier tests may
    # have created more networks than one page holds).
    assert await _admin_sees_a(admin, url, world)


async def _admin_sees_a(admin, url: str, world) -> bool:
    base = url + ("&" if "?" in url else "?") + "limit=500"
    page = (await admin.get(base)).json()
    while not listed_ids(page) & a_ids(world):
        if not page.get("next_cursor"):
            return False
        page = (await admin.get(f"{base}&cursor={page['next_cursor']}")).json()
    return True


NEW = "Uusi {marker}"
REFERENCES = [
    ("POST", "/v1/partners", {"network_id": "{a_network}", "name": NEW, "kind": "ngo"},
     "network_id"),
    ("POST", "/v1/groups", {"network_id": "{a_network}", "name": NEW, "kind": "working_group"},
     "network_id"),
    ("POST", "/v1/people", {"partner_id": "{a_partner}", "name": NEW}, "partner_id"),
    ("POST", "/v1/events", {"network_id": "{a_network}", "title": NEW, "start": "2026-05-01"},
     "network_id"),
    ("POST", "/v1/events", {"network_id": "{b_network}", "title": NEW, "start": "2026-05-01",
                            "group_id": "{a_group}"}, "group_id"),
    ("POST", "/v1/events", {"network_id": "{b_network}", "title": NEW, "start": "2026-05-01",
                            "partner_ids": ["{b_partner}", "{a_partner}"]}, "partner_ids[1]"),
    ("POST", "/v1/groups/{b_group}/members", {"person_id": "{a_person}"}, "person_id"),
    ("PATCH", "/v1/people/{b_person}", {"partner_id": "{a_partner}"}, "partner_id"),
    ("PATCH", "/v1/events/{b_event}", {"group_id": "{a_group}"}, "group_id"),
    ("PATCH", "/v1/events/{b_event}", {"partner_ids": ["{a_partner}"]}, "partner_ids[0]"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "body", "field_name"), REFERENCES)
async def test_bodies_naming_other_networks_objects_are_422(
    admin, world, method, path, body, field_name
):
    coordinator = world.client("b", "coordinator")
    ids = {**world.ids, "marker": world.marker}
    r = await coordinator.request(method, fill(path, **ids), json=fill(body, **ids))
    problem = assert_problem(r, 422, field_name)
    assert world.marker not in r.text

    # The same answer as for an id that does not exist: no way to probe network a.
    for key in [k for k in ids if k.startswith("a_")]:
        ids[key] = str(uuid.uuid4())
    r2 = await coordinator.request(method, fill(path, **ids), json=fill(body, **ids))
    detail = problem["detail"]
    for key in [k for k in world.ids if k.startswith("a_")]:
        detail = detail.replace(world.ids[key], ids[key])
    assert assert_problem(r2, 422, field_name)["detail"] == detail

    for listing in ("partners", "groups", "people", "events"):
        found = await admin.get(f"/v1/{listing}", params={"q": f"Uusi {world.marker}"})
        assert found.json()["data"] == [], listing
    await world.assert_unchanged(admin, "a", "b")


# --- roles within a network -------------------------------------------------------------------

WRITES = [
    ("POST", "/v1/partners", {"network_id": "{a_network}", "name": "Uusi", "kind": "ngo"}),
    ("POST", "/v1/people", {"partner_id": "{a_partner}", "name": "Uusi"}),
    ("POST", "/v1/groups", {"network_id": "{a_network}", "name": "Uusi", "kind": "working_group"}),
    ("POST", "/v1/groups/{a_group}/members", {"person_id": "{a_person}", "role": "deputy"}),
    ("POST", "/v1/events", {"network_id": "{a_network}", "title": "Uusi", "start": "2026-05-01"}),
    ("PATCH", "/v1/networks/{a_network}", {"description": "Muutettu"}),
    ("PATCH", "/v1/partners/{a_partner}", {"name": "Muutettu"}),
    ("PATCH", "/v1/people/{a_person}", {"title": "Muutettu"}),
    ("PATCH", "/v1/groups/{a_group}", {"name": "Muutettu"}),
    ("PATCH", "/v1/groups/{a_group}/members/{a_membership}", {"role": "secretary"}),
    ("PATCH", "/v1/events/{a_event}", {"title": "Muutettu"}),
    ("PUT", "/v1/events/{a_event}/occurrences/{rid}", {"title": "Muutettu"}),
    ("DELETE", "/v1/events/{a_event}/occurrences/{rid}", None),
    ("DELETE", "/v1/groups/{a_group}/members/{a_membership}", None),
    ("DELETE", "/v1/events/{a_event}", None),
    ("DELETE", "/v1/groups/{a_group}", None),
    ("DELETE", "/v1/people/{a_person}", None),
    ("DELETE", "/v1/partners/{a_partner}", None),
    ("DELETE", "/v1/networks/{a_network}", None),
    ("POST", "/v1/networks", {"name": "Uusi"}),
    ("POST", "/v1/clients", {"name": "Uusi", "role": "admin"}),
    ("GET", "/v1/clients", None),
    ("GET", "/v1/clients/{a_client}", None),
    ("PATCH", "/v1/clients/{a_client}", {"network_ids": ["{a_network}", "{b_network}"]}),
    ("PATCH", "/v1/clients/{a_client}", {"disabled": True}),
]


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize(("method", "path", "body"), WRITES)
async def test_members_and_integrations_read_but_never_write(
    admin, world, role, method, path, body
):
    reader = world.client("a", role)
    for url in world.urls("a"):
        r = await reader.get(url)
        assert r.status_code == 200, (url, r.text)
        assert r.json() == world.snapshots["a"][url][1]
    me = (await reader.get("/v1/networks")).json()["data"]
    assert [n["id"] for n in me] == [world.ids["a_network"]]

    ids = {**world.ids, "a_client": client_id_of(world, "a", role)}
    r = await reader.request(method, fill(path, **ids, rid=RID), json=fill(body, **ids))
    assert_problem(r, 403)
    await world.assert_unchanged(admin, "a", "b")


def client_id_of(world: World, tag: str, role: str) -> str:
    """The id of a world client, found through its own token's subject."""
    return jwt.get_unverified_claims(world.client(tag, role).token)["sub"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    # Coordinators may edit their own network (next test), but nothing else of these.
    [w for w in WRITES if w[1].startswith(("/v1/networks", "/v1/clients")) and w[0] != "PATCH"]
    + [w for w in WRITES if w[1].startswith("/v1/clients/") and w[0] == "PATCH"],
)
async def test_coordinators_cannot_manage_networks_or_clients(admin, world, method, path, body):
    ids = {**world.ids, "a_client": client_id_of(world, "a", "coordinator")}
    coordinator = world.client("a", "coordinator")
    r = await coordinator.request(method, fill(path, **ids), json=fill(body, **ids))
    assert_problem(r, 403)
    await world.assert_unchanged(admin, "a", "b")


async def test_coordinator_reads_and_writes_in_its_network(coordinator, network):
    n = network["id"]
    r = await coordinator.patch(f"/v1/networks/{n}", {"description": "Lasten ja nuorten verkosto"})
    assert r.status_code == 200 and r.json()["description"] == "Lasten ja nuorten verkosto"

    partner = await coordinator.create(
        "/v1/partners", {"network_id": n, "name": "Raahen kaupunki", "kind": "municipality"}
    )
    person = await coordinator.create("/v1/people", {"partner_id": partner["id"], "name": "Aino"})
    assert person["network_id"] == n
    group = await coordinator.create(
        "/v1/groups", {"network_id": n, "name": "LAPE", "kind": "steering_group"}
    )
    members = f"/v1/groups/{group['id']}/members"
    membership = await coordinator.create(members, {"person_id": person["id"]})
    event = await coordinator.create(
        "/v1/events",
        {
            "network_id": n,
            "title": "Kokous",
            "start": "2026-03-22T09:00:00",
            "rrule": "FREQ=WEEKLY;COUNT=3",
        },
    )
    occurrence = f"/v1/events/{event['id']}/occurrences/{RID}"
    r = await coordinator.put(occurrence, {"title": "Siirretty kokous"})
    assert r.status_code == 200 and r.json()["title"] == "Siirretty kokous"
    r = await coordinator.delete(occurrence)
    assert r.status_code == 200 and r.json()["status"] == "cancelled"

    for url, change in (
        (f"/v1/partners/{partner['id']}", {"name": "Raahe"}),
        (f"/v1/people/{person['id']}", {"title": "Koordinaattori"}),
        (f"/v1/groups/{group['id']}", {"name": "LAPE-ohjausryhmä"}),
        (f"{members}/{membership['id']}", {"role": "chair"}),
        (f"/v1/events/{event['id']}", {"title": "Ohjausryhmä"}),
    ):
        r = await coordinator.patch(url, change)
        assert r.status_code == 200, r.text
        assert {k: r.json()[k] for k in change} == change
    for url in (
        f"/v1/events/{event['id']}",
        f"{members}/{membership['id']}",
        f"/v1/groups/{group['id']}",
        f"/v1/people/{person['id']}",
        f"/v1/partners/{partner['id']}",
    ):
        assert (await coordinator.delete(url)).status_code == 204, url
        assert_problem(await coordinator.get(url), 404)


async def test_admin_does_everything(admin, anon):
    network = await admin.create("/v1/networks", {"name": f"Admin {uuid.uuid4().hex[:6]}"})
    n = network["id"]
    client = await admin.create(
        "/v1/clients", {"name": "Koordinaattori", "role": "coordinator", "network_ids": [n]}
    )
    assert client["network_ids"] == [n] and client["role"] == "coordinator"
    partner = await admin.create(
        "/v1/partners", {"network_id": n, "name": "AVI", "kind": "state_agency"}
    )
    assert [p["id"] for p in (await admin.get(f"/v1/partners?network_id={n}")).json()["data"]] == [
        partner["id"]
    ]
    assert_problem(await admin.delete(f"/v1/networks/{n}"), 409)  # not empty yet
    assert (await admin.delete(f"/v1/partners/{partner['id']}")).status_code == 204
    assert (await admin.delete(f"/v1/networks/{n}")).status_code == 204
    assert_problem(await admin.get(f"/v1/networks/{n}"), 404)
    # The deleted network's coordinator no longer sees it either.
    coordinator = await anon.login(client["client_id"], client["client_secret"])
    assert (await coordinator.get("/v1/networks")).json()["data"] == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/networks"),
        ("POST", "/v1/networks"),
        ("GET", "/v1/networks/{a_network}"),
        ("PATCH", "/v1/networks/{a_network}"),
        ("DELETE", "/v1/networks/{a_network}"),
        ("GET", "/v1/partners"),
        ("POST", "/v1/partners"),
        ("GET", "/v1/partners/{a_partner}"),
        ("DELETE", "/v1/partners/{a_partner}"),
        ("GET", "/v1/people"),
        ("GET", "/v1/people/{a_person}"),
        ("PATCH", "/v1/people/{a_person}"),
        ("GET", "/v1/groups"),
        ("GET", "/v1/groups/{a_group}/members"),
        ("POST", "/v1/groups/{a_group}/members"),
        ("DELETE", "/v1/groups/{a_group}/members/{a_membership}"),
        ("GET", "/v1/events"),
        ("POST", "/v1/events"),
        ("GET", "/v1/events/{a_event}"),
        ("GET", "/v1/events/{a_event}/occurrences"),
        ("PUT", "/v1/events/{a_event}/occurrences/{rid}"),
        ("DELETE", "/v1/events/{a_event}/occurrences/{rid}"),
        ("GET", "/v1/occurrences"),
        ("GET", "/v1/clients"),
        ("POST", "/v1/clients"),
    ],
)
async def test_no_token_no_access(anon, admin, world, method, path):
    r = await anon.request(method, world.fill(path), json={"name": "x"})
    assert_problem(r, 401)
    assert r.headers["www-authenticate"].startswith("Bearer realm=")
    assert world.marker not in r.text
    await world.assert_unchanged(admin, "a")
