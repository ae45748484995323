"""Every write operation of the served OpenAPI, called successfully, leaves exactly the
notifications the catalogue documents for it: a new write operation without a notification
(or with an undocumented one) fails here until it is added to the table below."""

import asyncio
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from app.core import clock
from app.core.config import get_settings
from app.main import app
from app.notifications.catalogue import CATALOGUE
from tests.support import Api
from tests.support.sotkanet_server import SotkanetServer

MUTATING = ("post", "put", "patch", "delete")
PREFIX = "fi.vuosikello."

# Operations that write no notification, and why.
SILENT = {
    "auth-token": "issuing an access token changes no resource of a network",
    "clients-create": "API clients are the platform's credentials, not a network's data; "
    "their changes are in the audit log",
    "clients-update": "as clients-create",
    "clients-rotate-secret": "as clients-create",
    "webhooks-replay": "re-queues notifications already written; writes no new one",
    "webhooks-test": "sends the catalogue's fi.vuosikello.webhook.ping straight to that one "
    "endpoint and logs the attempt; nothing goes to the outbox or other receivers",
}


@dataclass
class World:
    """One of everything an operation may need, in a fresh network."""

    api: Api
    ids: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.ids[name]


def soon(days: int) -> str:
    """A local wall time `days` from the app clock's today, at 09:00."""
    return (clock.now() + timedelta(days=days)).strftime("%Y-%m-%dT09:00:00")


async def build_world(admin: Api) -> World:
    ids: dict[str, str] = {}
    network = await admin.create("/v1/networks", {"name": f"Sopimus {uuid.uuid4().hex[:6]}"})
    nid = ids["network"] = network["id"]
    ids["partner"] = (
        await admin.create("/v1/partners", {"network_id": nid, "name": "Kunta", "kind": "ngo"})
    )["id"]
    home = await admin.create("/v1/partners", {"network_id": nid, "name": "Srk", "kind": "parish"})
    ids["home"] = home["id"]
    ids["person"] = (
        await admin.create("/v1/people", {"partner_id": home["id"], "name": "Maija Meikäläinen"})
    )["id"]
    ids["group"] = (
        await admin.create(
            "/v1/groups", {"network_id": nid, "name": "LAPE", "kind": "steering_group"}
        )
    )["id"]
    ids["membership"] = (
        await admin.create(f"/v1/groups/{ids['group']}/members", {"person_id": ids["person"]})
    )["id"]
    event = await admin.create(
        "/v1/events",
        {
            "network_id": nid,
            "title": "Ohjausryhmä",
            "start": soon(10),
            "rrule": "FREQ=WEEKLY;COUNT=3",
        },
    )
    ids["event"], ids["recurrence_id"] = event["id"], soon(10)
    template = await admin.create(
        "/v1/preparation-templates",
        {"network_id": nid, "name": "Valmistelu", "tasks": [{"title": "Kutsu", "offset": "-P2D"}]},
    )
    ids["template"] = template["id"]
    other = await admin.create(
        "/v1/events", {"network_id": nid, "title": "Seminaari", "start": soon(20)}
    )
    ids["prepared_event"] = other["id"]
    preparation = await admin.create(
        f"/v1/events/{other['id']}/preparation", {"template_id": template["id"]}
    )
    ids["task"] = preparation["tasks"][0]["id"]
    ids["deadline"] = (
        await admin.create(
            "/v1/deadlines", {"network_id": nid, "title": "Talousarvio", "due": soon(30)}
        )
    )["id"]
    ids["deadline_rid"] = soon(30)
    ids["feed"] = (await admin.create("/v1/feeds", {"scope": "network", "network_id": nid}))["id"]
    embed = {"scope": "network", "network_id": nid, "allowed_origins": ["https://intra.example.fi"]}
    ids["wheel_embed"] = (await admin.create("/v1/wheel-embeds", embed))["id"]
    ids["webhook"] = (
        await admin.create("/v1/webhooks", {"network_id": nid, "url": "http://127.0.0.1:9/hooks"})
    )["id"]
    client = await admin.create(
        "/v1/clients", {"name": "Intra", "role": "member", "network_ids": [nid]}
    )
    ids["client"], ids["client_id"], ids["client_secret"] = (
        client["id"],
        client["client_id"],
        client["client_secret"],
    )
    await plan_world(admin, ids)
    await indicator_world(admin, ids)
    return World(admin, ids)


@pytest.fixture(scope="module", autouse=True)
def sotkanet():
    """Sotkanet on loopback (the committed fixtures) for the refresh operation."""
    server = SotkanetServer().start()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(get_settings(), "sotkanet_url", server.url)
        yield server
    server.stop()


async def indicator_world(admin: Api, ids: dict[str, str]) -> None:
    """A manual indicator with a value and a measure's reference to it; a Sotkanet one."""
    body = {"network_id": ids["network"], "name": "Nuorisotilakäynnit"}
    indicator = ids["indicator"] = (await admin.create("/v1/indicators", body))["id"]
    value = {"values": [{"region_code": "626", "year": 2024, "value": 310}]}
    assert (await admin.post(f"/v1/indicators/{indicator}/values", json=value)).status_code == 200
    body = {"network_id": ids["network"], "name": "Lastensuojeluilmoitukset", "source": "sotkanet",
            "sotkanet_id": 1086}  # fmt: skip
    ids["sotkanet_indicator"] = (await admin.create("/v1/indicators", body))["id"]
    link = await admin.create(
        f"/v1/measures/{ids['measure']}/indicators", {"indicator_id": indicator}
    )
    ids["measure_indicator"] = link["id"]


async def import_values(world: World) -> Any:
    csv = "region_code;year;value\r\n564;2025;12,5\r\n"
    return await world.api.post(
        f"/v1/indicators/{world['indicator']}/values/import",
        files={"file": ("arvot.csv", csv.encode(), "text/csv")},
    )


async def plan_world(admin: Api, ids: dict[str, str]) -> None:
    """A plan with a goal, two measures (one evaluated) and a round; a term and a cycle."""
    nid = ids["network"]
    body = {"network_id": nid, "title": "Hyvinvointisuunnitelma", "kind": "welfare_report"}
    plan = ids["plan"] = (await admin.create("/v1/plans", body))["id"]
    ids["goal"] = (await admin.create(f"/v1/plans/{plan}/goals", {"title": "Tavoite"}))["id"]
    body = {"title": "Toimenpide", "responsible_partner_ids": [ids["home"]]}
    ids["measure"] = (await admin.create(f"/v1/goals/{ids['goal']}/measures", body))["id"]
    body = {"title": "Toinen toimenpide"}
    ids["measure2"] = (await admin.create(f"/v1/goals/{ids['goal']}/measures", body))["id"]
    body = {"name": "Väliraportointi", "due": soon(40)[:10], "decision_body": "Lautakunta"}
    ids["round"] = (await admin.create(f"/v1/plans/{plan}/rounds", body))["id"]
    body = {"round_id": ids["round"], "status": "partly"}
    ids["evaluation"] = (await admin.create(f"/v1/measures/{ids['measure']}/evaluations", body))[
        "id"
    ]
    body = {"network_id": nid, "name": "Valtuustokausi", "start": "2025-06-01", "end": "2029-05-31"}
    ids["term"] = (await admin.create("/v1/terms", body))["id"]
    item = {"title": "Hyvinvointiraportti", "every_year": True, "month": 5, "day": 15}
    body = {"network_id": nid, "name": "Kello", "items": [item]}
    ids["cycle_template"] = (await admin.create("/v1/cycle-templates", body))["id"]


async def import_table(world: World) -> Any:
    table = "Tavoite;Toimenpide;Toteutuminen\r\nUusi tavoite;Uusi toimenpide;kyllä\r\n"
    return await world.api.post(
        f"/v1/plans/{world['plan']}/import",
        params={"round_id": world["round"]},
        files={"file": ("seuranta.csv", table.encode())},
    )


Call = Callable[[World], Awaitable[Any]]
ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//sopimus//FI\r\nBEGIN:VEVENT\r\n"
    "UID:sopimus-1@example.fi\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART;TZID=Europe/Helsinki:20270115T090000\r\n"
    "DTEND;TZID=Europe/Helsinki:20270115T100000\r\nSUMMARY:Tuotu\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def json_call(method: str, path: str, body: Any = None, **params: str) -> Call:
    """A request whose path names objects of the world as {name}."""

    async def call(world: World) -> Any:
        url = path.format(**world.ids)
        kwargs: dict[str, Any] = {"params": params} if params else {}
        if body is not None:
            kwargs["json"] = body(world) if callable(body) else body
        return await world.api.request(method, url, **kwargs)

    return call


async def token(world: World) -> Any:
    return await world.api.http.post(
        "/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": world["client_id"],
            "client_secret": world["client_secret"],
        },
    )


async def import_ics(world: World) -> Any:
    return await world.api.post(
        f"/v1/networks/{world['network']}/import",
        content=ICS.encode(),
        headers={"content-type": "text/calendar"},
    )


def network_id(world: World) -> dict[str, str]:
    return {"network_id": world["network"]}


# operationId -> (the call, the notification types it leaves, without the common prefix)
OPERATIONS: dict[str, tuple[Call, list[str]]] = {
    "plans-create": (
        json_call("POST", "/v1/plans", lambda w: {**network_id(w), "title": "S", "kind": "other"}),
        ["plan.created"],
    ),
    "plans-update": (
        json_call("PATCH", "/v1/plans/{plan}", {"status": "approved"}),
        ["plan.updated"],
    ),
    "plans-delete": (json_call("DELETE", "/v1/plans/{plan}"), ["plan.deleted"]),
    "plans-import-table": (import_table, ["goal.created", "measure.created", "evaluation.created"]),
    "plans-create-goal": (
        json_call("POST", "/v1/plans/{plan}/goals", {"title": "T"}),
        ["goal.created"],
    ),
    "goals-update-goal": (json_call("PATCH", "/v1/goals/{goal}", {"weight": 2}), ["goal.updated"]),
    "goals-delete-goal": (json_call("DELETE", "/v1/goals/{goal}"), ["goal.deleted"]),
    "goals-create-measure": (
        json_call("POST", "/v1/goals/{goal}/measures", {"title": "M"}),
        ["measure.created"],
    ),
    "measures-update-measure": (
        json_call("PATCH", "/v1/measures/{measure}", {"metric": "Mittari"}),
        ["measure.updated"],
    ),
    "measures-delete-measure": (json_call("DELETE", "/v1/measures/{measure}"), ["measure.deleted"]),
    "rounds-create": (
        json_call("POST", "/v1/plans/{plan}/rounds", lambda w: {"name": "K", "due": soon(50)[:10]}),
        ["deadline.created", "round.created"],
    ),
    "rounds-update": (json_call("PATCH", "/v1/rounds/{round}", {"name": "K2"}), ["round.updated"]),
    "rounds-delete": (json_call("DELETE", "/v1/rounds/{round}"), ["round.deleted"]),
    "rounds-open-round": (
        json_call("POST", "/v1/rounds/{round}/open"),
        [
            "event.created",
            "preparation_template.created",
            "preparation.created",
            "task.updated",
            "round.opened",
        ],
    ),
    "evaluations-create-evaluation": (
        json_call(
            "POST",
            "/v1/measures/{measure2}/evaluations",
            lambda w: {"round_id": w["round"], "status": "yes"},
        ),
        ["evaluation.created"],
    ),
    "evaluations-update-evaluation": (
        json_call("PATCH", "/v1/evaluations/{evaluation}", {"status": "yes"}),
        ["evaluation.updated"],
    ),
    "evaluations-delete-evaluation": (
        json_call("DELETE", "/v1/evaluations/{evaluation}"),
        ["evaluation.deleted"],
    ),
    "terms-create": (
        json_call(
            "POST",
            "/v1/terms",
            lambda w: {**network_id(w), "name": "K", "start": "2021-08-01", "end": "2025-05-31"},
        ),
        ["term.created"],
    ),
    "terms-update": (json_call("PATCH", "/v1/terms/{term}", {"name": "K2"}), ["term.updated"]),
    "terms-delete": (json_call("DELETE", "/v1/terms/{term}"), ["term.deleted"]),
    "terms-apply": (
        json_call("POST", "/v1/terms/{term}/apply", lambda w: {"template_id": w["cycle_template"]}),
        ["deadline.created", "term.applied"],
    ),
    "cycle-templates-create-template": (
        json_call(
            "POST",
            "/v1/cycle-templates",
            lambda w: {
                **network_id(w),
                "name": "K",
                "items": [{"title": "R", "term_year": 1, "month": 1, "day": 1}],
            },
        ),
        ["cycle_template.created"],
    ),
    "cycle-templates-update-template": (
        json_call("PATCH", "/v1/cycle-templates/{cycle_template}", {"name": "K2"}),
        ["cycle_template.updated"],
    ),
    "cycle-templates-delete-template": (
        json_call("DELETE", "/v1/cycle-templates/{cycle_template}"),
        ["cycle_template.deleted"],
    ),
    "indicators-create": (
        json_call("POST", "/v1/indicators", lambda w: {**network_id(w), "name": "Indikaattori"}),
        ["indicator.created"],
    ),
    "indicators-update": (
        json_call("PATCH", "/v1/indicators/{indicator}", {"unit": "kpl"}),
        ["indicator.updated"],
    ),
    "indicators-delete": (json_call("DELETE", "/v1/indicators/{indicator}"), ["indicator.deleted"]),
    "indicators-create-values": (
        json_call(
            "POST",
            "/v1/indicators/{indicator}/values",
            {"values": [{"region_code": "564", "year": 2025, "value": 12}]},
        ),
        ["indicator.values_updated"],
    ),
    "indicators-import-values": (import_values, ["indicator.values_updated"]),
    "indicators-refresh": (
        json_call("POST", "/v1/indicators/{sotkanet_indicator}/refresh"),
        ["indicator.values_updated", "indicator.updated"],
    ),
    "measures-create-indicator-link": (
        json_call(
            "POST", "/v1/measures/{measure2}/indicators", lambda w: {"indicator_id": w["indicator"]}
        ),
        ["measure_indicator.created"],
    ),
    "measures-delete-indicator-link": (
        json_call("DELETE", "/v1/measures/{measure}/indicators/{measure_indicator}"),
        ["measure_indicator.deleted"],
    ),
    "auth-token": (token, []),
    "clients-create": (
        json_call(
            "POST",
            "/v1/clients",
            lambda w: {"name": "B", "role": "member", "network_ids": [w["network"]]},
        ),
        [],
    ),
    "clients-update": (json_call("PATCH", "/v1/clients/{client}", {"name": "C"}), []),
    "clients-rotate-secret": (json_call("POST", "/v1/clients/{client}/rotate-secret"), []),
    "networks-create": (
        json_call("POST", "/v1/networks", {"name": "Uusi verkosto"}),
        ["network.created"],
    ),
    "networks-update": (
        json_call("PATCH", "/v1/networks/{network}", {"description": "Muutettu"}),
        ["network.updated"],
    ),
    "partners-create": (
        json_call(
            "POST", "/v1/partners", lambda w: {**network_id(w), "name": "Srk", "kind": "ngo"}
        ),
        ["partner.created"],
    ),
    "partners-update": (
        json_call("PATCH", "/v1/partners/{partner}", {"name": "Seurakunta"}),
        ["partner.updated"],
    ),
    "partners-delete": (json_call("DELETE", "/v1/partners/{partner}"), ["partner.deleted"]),
    "people-create": (
        json_call("POST", "/v1/people", lambda w: {"partner_id": w["home"], "name": "Liisa"}),
        ["person.created"],
    ),
    "people-update": (
        json_call("PATCH", "/v1/people/{person}", {"name": "Maija M."}),
        ["person.updated"],
    ),
    "groups-create": (
        json_call(
            "POST",
            "/v1/groups",
            lambda w: {**network_id(w), "name": "Työryhmä", "kind": "working_group"},
        ),
        ["group.created"],
    ),
    "groups-update": (
        json_call("PATCH", "/v1/groups/{group}", {"name": "LAPE-ryhmä"}),
        ["group.updated"],
    ),
    "groups-create-member": (
        json_call(
            "POST",
            "/v1/groups/{group}/members",
            lambda w: {"person_id": w["person"], "role": "chair"},
        ),
        ["membership.created"],
    ),
    "groups-update-member": (
        json_call("PATCH", "/v1/groups/{group}/members/{membership}", {"role": "secretary"}),
        ["membership.updated"],
    ),
    "groups-delete-member": (
        json_call("DELETE", "/v1/groups/{group}/members/{membership}"),
        ["membership.deleted"],
    ),
    "events-create": (
        json_call(
            "POST", "/v1/events", lambda w: {**network_id(w), "title": "Uusi", "start": soon(5)}
        ),
        ["event.created"],
    ),
    "events-update": (
        json_call("PATCH", "/v1/events/{event}", {"title": "Ohjausryhmän kokous"}),
        ["event.updated"],
    ),
    "events-delete": (json_call("DELETE", "/v1/events/{event}"), ["event.deleted"]),
    "events-replace-occurrence": (
        json_call("PUT", "/v1/events/{event}/occurrences/{recurrence_id}", {"title": "Siirretty"}),
        ["occurrence.updated"],
    ),
    "events-cancel-occurrence": (
        json_call("DELETE", "/v1/events/{event}/occurrences/{recurrence_id}"),
        ["occurrence.cancelled"],
    ),
    "events-prepare": (
        json_call(
            "POST", "/v1/events/{event}/preparation", lambda w: {"template_id": w["template"]}
        ),
        ["preparation.created"],
    ),
    "deadlines-create": (
        json_call(
            "POST",
            "/v1/deadlines",
            lambda w: {**network_id(w), "title": "Hakemus", "due": soon(40)},
        ),
        ["deadline.created"],
    ),
    "deadlines-update": (
        json_call("PATCH", "/v1/deadlines/{deadline}", {"title": "Talousarvio 2027"}),
        ["deadline.updated"],
    ),
    "deadlines-delete": (json_call("DELETE", "/v1/deadlines/{deadline}"), ["deadline.deleted"]),
    "deadlines-decide": (
        json_call(
            "POST",
            "/v1/deadlines/{deadline}/occurrences/{deadline_rid}/decision",
            {"outcome": "decided"},
        ),
        ["deadline.decided"],
    ),
    "preparation-templates-create": (
        json_call(
            "POST",
            "/v1/preparation-templates",
            lambda w: {
                **network_id(w),
                "name": "Toinen",
                "tasks": [{"title": "T", "offset": "-P1D"}],
            },
        ),
        ["preparation_template.created"],
    ),
    "preparation-templates-update": (
        json_call("PATCH", "/v1/preparation-templates/{template}", {"name": "Valmistelu 2"}),
        ["preparation_template.updated"],
    ),
    "tasks-update-task": (
        json_call("PATCH", "/v1/tasks/{task}", {"status": "done"}),
        ["task.updated"],
    ),
    "feeds-create": (
        json_call("POST", "/v1/feeds", lambda w: {"scope": "network", **network_id(w)}),
        ["feed.created"],
    ),
    "feeds-delete": (json_call("DELETE", "/v1/feeds/{feed}"), ["feed.deleted"]),
    "wheel-create-embed": (
        json_call(
            "POST",
            "/v1/wheel-embeds",
            lambda w: {"scope": "network", **network_id(w), "allowed_origins": ["https://i.fi"]},
        ),
        ["wheel_embed.created"],
    ),
    "wheel-delete-embed": (
        json_call("DELETE", "/v1/wheel-embeds/{wheel_embed}"),
        ["wheel_embed.deleted"],
    ),
    "wheel-put-colors": (
        json_call(
            "PUT", "/v1/networks/{network}/category-colors", {"colors": {"Talous": "#0072B2"}}
        ),
        ["category_colors.updated"],
    ),
    "import-import-ics": (import_ics, ["event.created"]),
    "webhooks-create": (
        json_call(
            "POST", "/v1/webhooks", lambda w: {**network_id(w), "url": "http://127.0.0.1:9/h"}
        ),
        ["webhook.created"],
    ),
    "webhooks-update": (
        json_call("PATCH", "/v1/webhooks/{webhook}", {"description": "Intranet"}),
        ["webhook.updated"],
    ),
    "webhooks-delete": (json_call("DELETE", "/v1/webhooks/{webhook}"), ["webhook.deleted"]),
    "webhooks-rotate-secret": (
        json_call("POST", "/v1/webhooks/{webhook}/rotate-secret"),
        ["webhook.rotated"],
    ),
    "webhooks-replay": (
        json_call(
            "POST",
            "/v1/webhooks/{webhook}/replay",
            since=(clock.now() - timedelta(hours=1)).isoformat(),
        ),
        [],
    ),
    "webhooks-test": (json_call("POST", "/v1/webhooks/{webhook}/test"), []),
    "privacy-erase": (json_call("POST", "/v1/people/{person}/erase"), ["person.erased"]),
}

# Deleting what others depend on needs a world without the dependants: these get one of their own.
EMPTY_NETWORK_DELETES = {
    "networks-delete": "/v1/networks/{network}",
    "people-delete": "/v1/people/{person}",
    "groups-delete": "/v1/groups/{group}",
    "preparation-templates-delete": "/v1/preparation-templates/{template}",
}


def served_operations() -> list[str]:
    schema = app.openapi()
    return sorted(
        operation["operationId"]
        for methods in schema["paths"].values()
        for method, operation in methods.items()
        if method in MUTATING
    )


async def settle(api: Api, after: str | None) -> tuple[list[str], str]:
    """The notification types written after `after`, once all of them are visible, and the
    cursor past them. A marker is written last and awaited: the feed's order is commit order,
    so once the marker shows, everything committed before it shows too."""
    marker_network = await api.create("/v1/networks", {"name": f"Merkki {uuid.uuid4().hex[:6]}"})
    marker = f"/v1/networks/{marker_network['id']}"
    types: list[str] = []
    cursor = after
    for _ in range(300):
        params = {"limit": 500, **({"after": cursor} if cursor else {})}
        response = await api.get("/v1/notifications", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        cursor = body["next_cursor"]
        for notification in body["data"]:
            if notification["subject"] == marker:
                return types, cursor
            types.append(notification["type"].removeprefix(PREFIX))
        if not body["data"]:
            await asyncio.sleep(0.1)
    raise AssertionError("the marker notification never showed on the feed")


def test_every_write_operation_is_in_the_table():
    known = set(OPERATIONS) | set(EMPTY_NETWORK_DELETES)
    assert [op for op in served_operations() if op not in known] == []
    assert sorted(known - set(served_operations())) == []
    for op, (_, types) in OPERATIONS.items():
        assert bool(types) != (op in SILENT), f"{op}: either notifications or a reason for none"


def test_every_documented_type_is_in_the_catalogue_and_the_openapi_webhooks():
    webhooks = set(app.openapi()["webhooks"])
    documented = {PREFIX + t for _, types in OPERATIONS.values() for t in types}
    assert documented - set(CATALOGUE) == set()
    assert documented - webhooks == set()


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
async def test_a_write_leaves_exactly_its_documented_notifications(admin, operation):
    world = await build_world(admin)
    call, expected = OPERATIONS[operation]
    _, cursor = await settle(admin, None)
    response = await call(world)
    assert response.status_code < 300, (operation, response.status_code, response.text)
    seen, _ = await settle(admin, cursor)
    await forget_webhooks(admin, world["network"])
    assert Counter(seen) == Counter(expected), operation


async def forget_webhooks(api: Api, network_id: str) -> None:
    """Delete the world's webhooks, so later tests' dispatchers never try to deliver to them."""
    page = (await api.get("/v1/webhooks", params={"network_id": network_id})).json()
    for hook in page["data"]:
        assert (await api.delete(f"/v1/webhooks/{hook['id']}")).status_code == 204


@pytest.mark.parametrize("operation", sorted(EMPTY_NETWORK_DELETES))
async def test_deleting_an_unused_object_announces_its_deletion(admin, operation):
    nid = (await admin.create("/v1/networks", {"name": f"Tyhjä {uuid.uuid4().hex[:6]}"}))["id"]
    ids = {"network": nid}
    if operation == "people-delete":
        body = {"network_id": nid, "name": "S", "kind": "parish"}
        partner = await admin.create("/v1/partners", body)
        body = {"partner_id": partner["id"], "name": "P"}
        ids["person"] = (await admin.create("/v1/people", body))["id"]
    if operation == "groups-delete":
        body = {"network_id": nid, "name": "G", "kind": "working_group"}
        ids["group"] = (await admin.create("/v1/groups", body))["id"]
    if operation == "preparation-templates-delete":
        body = {"network_id": nid, "name": "T", "tasks": [{"title": "T", "offset": "-P1D"}]}
        ids["template"] = (await admin.create("/v1/preparation-templates", body))["id"]
    resource = {
        "networks-delete": "network",
        "people-delete": "person",
        "groups-delete": "group",
        "preparation-templates-delete": "preparation_template",
    }[operation]
    _, cursor = await settle(admin, None)
    response = await admin.delete(EMPTY_NETWORK_DELETES[operation].format(**ids))
    assert response.status_code == 204, response.text
    seen, _ = await settle(admin, cursor)
    assert seen == [f"{resource}.deleted"]
    assert PREFIX + f"{resource}.deleted" in CATALOGUE
