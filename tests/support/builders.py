"""Request bodies and small object graphs that several test modules build through HTTP."""

from typing import Any

from tests.support.api import Api


def fill(value: Any, **ids: str) -> Any:
    """Put real ids into a parametrised body: "{network}" → the network's id."""
    if isinstance(value, str):
        return value.format(**ids) if "{" in value else value
    if isinstance(value, dict):
        return {k: fill(v, **ids) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, **ids) for v in value]
    return value


def partner_body(network_id: str, **fields: Any) -> dict[str, Any]:
    return {"network_id": network_id, "name": "Oulun kaupunki", "kind": "municipality", **fields}


def feed_path(feed: dict) -> str:
    """The path of a feed's calendar, from the https_url shown once at creation."""
    return "/" + feed["https_url"].split("://", 1)[1].split("/", 1)[1]


async def new_feed(api: Api, network_id: str, **body) -> dict:
    return await api.create("/v1/feeds", {"scope": "network", "network_id": network_id, **body})


# A yearly seminar's preparation plan: tasks before and after it.
PLAN = [
    {"title": "Varaa tila", "offset": "-P90D", "role_hint": "koordinaattori"},
    {"title": "Kutsu puhujat", "offset": "-P60D"},
    {"title": "Lähetä kutsut", "offset": "-P30D"},
    {"title": "Sulje ilmoittautuminen", "offset": "-P10D"},
    {"title": "Lähetä materiaalit", "offset": "-P3D"},
    {"title": "Palautekysely", "offset": "P1D"},
    {"title": "Julkaise yhteenveto", "offset": "P14D"},
]


async def seminar_with_plan(api: Api, network: dict) -> tuple[dict, dict, dict]:
    """A yearly seminar with PLAN applied for a new person: (event, preparation, person)."""
    partner = await api.create(
        "/v1/partners", {"network_id": network["id"], "name": "Liitto", "kind": "other"}
    )
    person = await api.create(
        "/v1/people", {"partner_id": partner["id"], "name": "Koordinaattori", "email": "k@x.fi"}
    )
    event = await api.create(
        "/v1/events",
        {
            "network_id": network["id"],
            "title": "Hyvinvoinnin tilannekuvaseminaari",
            "start": "2026-09-15T09:00:00",
            "end": "2026-09-15T15:30:00",
            "rrule": "FREQ=YEARLY;BYMONTH=9;BYDAY=3TU",
        },
    )
    template = await api.create(
        "/v1/preparation-templates",
        {
            "network_id": network["id"],
            "name": "Seminaarin valmistelu",
            "tasks": PLAN,
            "reminders": [{"offset": "-P2D", "recipients": {"assignee": True}}],
        },
    )
    prepared = await api.create(
        f"/v1/events/{event['id']}/preparation",
        {"template_id": template["id"], "assignee_id": person["id"]},
    )
    return event, prepared, person
