"""The authorization matrix: every operation of the served OpenAPI, called by every kind of
caller, with the exact status each must get.

Callers: an admin; a coordinator, a member and an integration client of network A; a
coordinator of network B (the strongest non-admin elsewhere, so its 404 and 422 answers are
network isolation, not a weak role). Requests are valid (a 422 must not hide an authorization
answer), and everything that creates, changes state or deletes works on fresh objects per
caller. A new operation fails `test_every_operation_is_classified` until it has a row in
MATRIX; a row for an operation that no longer exists fails too.
"""

import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from jose import jwt

from app.core.config import get_settings
from app.main import app as asgi_app
from tests.support import Api
from tests.support.builders import fill
from tests.support.problems import assert_problem
from tests.support.sotkanet_server import SotkanetServer

CALLERS = ("admin", "coordinator", "member", "integration", "other")
PUBLIC = {
    "auth-token",
    "ical-calendar",
    "ical-calendar-head",
    "health-live",
    "health-ready",
    "wheel-embed-page",
}
# Dated items lie ahead, inside the planning horizon, so tasks and reminders materialise.
_START = date.today() + timedelta(days=60)
START = f"{_START}T09:00:00"
RID = f"{_START + timedelta(days=7)}T09:00:00"  # the second of three weekly occurrences
DUE = str(_START)  # a yearly deadline's first occurrence (all-day: also its recurrence id)
HOOK_URL = "http://127.0.0.1:9/hook"  # loopback discard port: a ping fails fast, stays local
ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//matrix//\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n"
    "SUMMARY:Tuotu kokous\r\nDTSTART:20270310T080000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@dataclass(frozen=True)
class Row:
    """Expected statuses in CALLERS order, and what to send. Path parameters default to the
    shared objects of network A (PATH_DEFAULTS); `{new_x}` anywhere makes a fresh x per call."""

    expect: str
    body: Any = None
    query: dict[str, str] | None = None
    path: dict[str, str] = field(default_factory=dict)
    admin_path: dict[str, str] = field(default_factory=dict)  # path overrides for the admin
    form: dict[str, str] | None = None
    ics: bool = False
    upload: bool = False  # a follow-up table as multipart `file`
    values_upload: bool = False  # an indicator's values as a multipart CSV `file`
    shows: str | None = None  # a list whose 2xx answer to A's callers holds this shared object

    def status(self, caller: str) -> int:
        return int(self.expect.split()[CALLERS.index(caller)])


def _row(expect: str, **request: Any) -> Row:
    assert len(expect.split()) == len(CALLERS), expect
    return Row(expect, **request)


N = "{network}"
WINDOW = {"from": str(_START), "to": str(_START + timedelta(days=30))}
PARTNER = {"network_id": N, "name": "Iin kunta", "kind": "municipality"}
GROUP = {"network_id": N, "name": "Työryhmä", "kind": "working_group"}
EVENT = {"network_id": N, "title": "Kokous", "start": START}
DEADLINE = {"network_id": N, "title": "Talousarvio", "due": DUE, "decision_body": "Valtuusto"}
TEMPLATE = {"network_id": N, "name": "Valmistelu", "tasks": [{"title": "Kutsu", "offset": "-P7D"}]}
FOR_A = {"network_id": N, "limit": "500"}
EMBED = {"scope": "network", "network_id": N, "allowed_origins": ["https://intranet.example.fi"]}
PLAN = {"network_id": N, "title": "Hyvinvointisuunnitelma", "kind": "children_youth_welfare_plan"}
ROUND = {"name": "Väliraportointi", "due": DUE, "decision_body": "Lautakunta"}
TERM = {"network_id": N, "name": "Valtuustokausi", "start": "2025-06-01", "end": "2029-05-31"}
CYCLE = {
    "network_id": N,
    "name": "Kello",
    "items": [{"title": "Raportti", "every_year": True, "month": 5, "day": 15}],
}
CT = {"template_id": "{cycle_template}"}
TABLE = "Tavoite;Toimenpide;Vastuutaho;Toteutuminen\r\nTavoite;Toimenpide;;kyllä\r\n"
# Built by hand, not with httpx `files`: the isolation check reads the request's bytes back.
UPLOAD = (
    '--rajaus\r\nContent-Disposition: form-data; name="file"; filename="seuranta.csv"\r\n'
    f"Content-Type: text/csv\r\n\r\n{TABLE}\r\n--rajaus--\r\n"
).encode()
VALUES_UPLOAD = (
    b'--rajaus\r\nContent-Disposition: form-data; name="file"; filename="arvot.csv"\r\n'
    b"Content-Type: text/csv\r\n\r\nregion_code;year;value\r\n564;2025;12,5\r\n\r\n--rajaus--\r\n"
)
INDICATOR = {"network_id": N, "name": "Nuorisotilakäynnit", "unit": "käyntiä"}
VALUES = {"values": [{"region_code": "626", "year": 2025, "value": 342}]}

# fmt: off
# Statuses per caller:        admin coord member integ other
MATRIX: dict[str, Row] = {
    "auth-token":               _row("200 200 200 200 200", form={"client_id": "{client}", "client_secret": "{client_secret}"}),  # noqa: E501
    "health-live":              _row("200 200 200 200 200"),
    "health-ready":             _row("200 200 200 200 200"),
    "ical-calendar":            _row("200 200 200 200 200"),
    "ical-calendar-head":       _row("200 200 200 200 200"),
    "clients-create":           _row("201 403 403 403 403", body={"name": "Lukija", "role": "member", "network_ids": [N]}),  # noqa: E501
    "clients-get-all":          _row("200 403 403 403 403"),
    "clients-get":              _row("200 403 403 403 403"),
    "clients-update":           _row("200 403 403 403 403", body={"name": "Lukija 2"}, path={"client_id": "{new_client}"}),  # noqa: E501
    "clients-rotate-secret":    _row("200 403 403 403 403", path={"client_id": "{new_client}"}),
    "audit-get-all":            _row("200 200 403 403 200", query=FOR_A),
    "privacy-export":           _row("200 200 403 403 404"),
    "privacy-erase":            _row("200 200 403 403 404", path={"person_id": "{new_person}"}),
    "networks-create":          _row("201 403 403 403 403", body={"name": "Uusi verkosto"}),
    "networks-get-all":         _row("200 200 200 200 200"),
    "networks-get":             _row("200 200 200 200 404"),
    "networks-update":          _row("200 200 403 403 404", body={"description": "Muutettu"}),
    # Network A itself (not empty: an admin would get 409), or for the admin an empty one.
    "networks-delete":          _row("204 403 403 403 404", path={"network_id": N}, admin_path={"network_id": "{new_network}"}),  # noqa: E501
    "import-import-ics":        _row("200 200 403 403 404", ics=True),
    "partners-create":          _row("201 201 403 403 422", body=PARTNER),
    "partners-get-all":         _row("200 200 200 200 200", shows="partner", query=FOR_A),
    "partners-get":             _row("200 200 200 200 404"),
    "partners-update":          _row("200 200 403 403 404", body={"name": "Iin kunta"}),
    "partners-delete":          _row("204 204 403 403 404"),
    "people-create":            _row("201 201 403 403 422", body={"partner_id": "{partner}", "name": "Aino"}),  # noqa: E501
    "people-get-all":           _row("200 200 200 200 200", shows="person", query=FOR_A),
    "people-get":               _row("200 200 200 200 404"),
    "people-update":            _row("200 200 403 403 404", body={"title": "Koordinaattori"}),
    "people-delete":            _row("204 204 403 403 404"),
    "groups-create":            _row("201 201 403 403 422", body=GROUP),
    "groups-get-all":           _row("200 200 200 200 200", shows="group", query=FOR_A),
    "groups-get":               _row("200 200 200 200 404"),
    "groups-update":            _row("200 200 403 403 404", body={"name": "Ohjausryhmä"}),
    "groups-delete":            _row("204 204 403 403 404"),
    "groups-create-member":     _row("201 201 403 403 404", body={"person_id": "{new_person}", "role": "member"}),  # noqa: E501
    "groups-get-all-members":   _row("200 200 200 200 404", shows="membership"),
    "groups-get-member":        _row("200 200 200 200 404"),
    "groups-update-member":     _row("200 200 403 403 404", body={"role": "chair"}),
    "groups-delete-member":     _row("204 204 403 403 404"),
    "events-create":            _row("201 201 403 403 422", body=EVENT),
    "events-get-all":           _row("200 200 200 200 200", shows="event", query=FOR_A),
    "events-get":               _row("200 200 200 200 404"),
    "events-update":            _row("200 200 403 403 404", body={"title": "Kokous"}),
    "events-delete":            _row("204 204 403 403 404"),
    "events-get-all-occurrences": _row("200 200 200 200 404", query=WINDOW),
    "events-get-occurrence":    _row("200 200 200 200 404"),
    "events-replace-occurrence": _row("200 200 403 403 404", body={"title": "Siirretty"}, path={"event_id": "{new_event}"}),  # noqa: E501
    "events-cancel-occurrence": _row("200 200 403 403 404", path={"event_id": "{new_event}"}),
    "events-prepare":           _row("201 201 403 403 404", body={"template_id": "{template}"}, path={"event_id": "{new_event}"}),  # noqa: E501
    "occurrences-get-all":      _row("200 200 200 200 200", shows="event", query={**FOR_A, **WINDOW}),  # noqa: E501
    "deadlines-create":         _row("201 201 403 403 422", body=DEADLINE),
    "deadlines-get-all":        _row("200 200 200 200 200", shows="deadline", query=FOR_A),
    "deadlines-get":            _row("200 200 200 200 404"),
    "deadlines-update":         _row("200 200 403 403 404", body={"decision_body": "Valtuusto"}),
    "deadlines-delete":         _row("204 204 403 403 404"),
    "deadlines-get-all-occurrences": _row("200 200 200 200 404"),
    "deadlines-decide":         _row("200 200 403 403 404", body={"outcome": "decided"}, path={"deadline_id": "{new_deadline}"}),  # noqa: E501
    "preparation-templates-create": _row("201 201 403 403 422", body=TEMPLATE),
    "preparation-templates-get-all": _row("200 200 200 200 200", shows="template", query=FOR_A),
    "preparation-templates-get": _row("200 200 200 200 404"),
    "preparation-templates-update": _row("200 200 403 403 404", body={"name": "Valmistelu"}),
    "preparation-templates-delete": _row("204 204 403 403 404"),
    "tasks-get-all-tasks":      _row("200 200 200 200 200", shows="task", query=FOR_A),
    "tasks-get-task":           _row("200 200 200 200 404"),
    "tasks-update-task":        _row("200 200 403 403 404", body={"status": "done"}, path={"task_id": "{new_task}"}),  # noqa: E501
    "reminders-get-all":        _row("200 200 200 200 200", shows="reminder", query=FOR_A),
    "reminders-get":            _row("200 200 200 200 404"),
    "notifications-get-all":    _row("200 200 200 200 200", query=FOR_A),
    # Any reader subscribes for itself; another client's feed is its owner's secret (the
    # shared feed belongs to A's coordinator), so a reader gets 404, not 403, for it.
    "feeds-create":             _row("201 201 201 201 422", body={"scope": "network", "network_id": N}),  # noqa: E501
    "feeds-get-all":            _row("200 200 200 200 200"),
    "feeds-get":                _row("200 200 404 404 404"),
    "feeds-delete":             _row("204 204 404 404 404"),
    "webhooks-create":          _row("201 201 403 201 422", body={"network_id": N, "url": HOOK_URL}),  # noqa: E501
    "webhooks-get-all":         _row("200 200 403 200 200", shows="webhook", query=FOR_A),
    "webhooks-get":             _row("200 200 403 200 404"),
    "webhooks-update":          _row("200 200 403 200 404", body={"description": "Intranet"}),
    "webhooks-delete":          _row("204 204 403 204 404"),
    "webhooks-rotate-secret":   _row("200 200 403 200 404", path={"webhook_id": "{new_webhook}"}),
    "webhooks-get-all-deliveries": _row("200 200 403 200 404"),
    "webhooks-replay":          _row("200 200 403 200 404", query={"since": "2026-01-01T00:00:00Z"}),  # noqa: E501
    "webhooks-test":            _row("200 200 403 200 404"),
    # The wheel as a picture (app/wheel): readers of the network read it; its writers choose
    # its colours and publish (or revoke) an embeddable page.
    "wheel-svg":                _row("200 200 200 200 404", query={"year": "2027"}),
    "wheel-html":               _row("200 200 200 200 404"),
    "wheel-png":                _row("200 200 200 200 404", query={"size": "300"}),
    "wheel-pdf":                _row("200 200 200 200 404", query={"size": "300"}),
    "wheel-csv":                _row("200 200 200 200 404"),
    "wheel-xlsx":               _row("200 200 200 200 404"),
    "wheel-get-colors":         _row("200 200 200 200 404"),
    "wheel-put-colors":         _row("200 200 403 403 404", body={"colors": {"Talous": "#0072B2"}}),
    "wheel-create-embed":       _row("201 201 403 403 422", body=EMBED),
    "wheel-get-embeds":         _row("200 200 200 200 200", shows="wheel_embed", query=FOR_A),
    "wheel-delete-embed":       _row("204 204 403 403 404"),
    "wheel-embed-page":         _row("200 200 200 200 200"),
    "plans-create":             _row("201 201 403 403 422", body=PLAN),
    "plans-get-all":            _row("200 200 200 200 200", shows="plan", query=FOR_A),
    "plans-get":                _row("200 200 200 200 404"),
    "plans-update":             _row("200 200 403 403 404", body={"status": "approved"}),
    "plans-delete":             _row("204 204 403 403 404"),
    "plans-import-table":       _row("200 200 403 403 404", upload=True, query={"round_id": "{round}"}),  # noqa: E501
    "plans-get-report":         _row("200 200 200 200 404", query={"round_id": "{round}"}),
    "plans-create-goal":        _row("201 201 403 403 404", body={"title": "Tavoite"}),
    "plans-get-goal-tree":      _row("200 200 200 200 404", shows="measure"),
    "goals-get-goal":           _row("200 200 200 200 404"),
    "goals-update-goal":        _row("200 200 403 403 404", body={"weight": 2}),
    "goals-delete-goal":        _row("204 204 403 403 404"),
    "goals-create-measure":     _row("201 201 403 403 404", body={"title": "Toimenpide", "responsible_partner_ids": ["{partner}"]}),  # noqa: E501
    "goals-get-all-measures":   _row("200 200 200 200 404", shows="measure"),
    "measures-get-measure":     _row("200 200 200 200 404"),
    "measures-update-measure":  _row("200 200 403 403 404", body={"metric": "Kokousmäärä"}),
    "measures-delete-measure":  _row("204 204 403 403 404"),
    "rounds-create":            _row("201 201 403 403 404", body=ROUND),
    "rounds-get-all":           _row("200 200 200 200 404", shows="round"),
    "rounds-get":               _row("200 200 200 200 404"),
    "rounds-update":            _row("200 200 403 403 404", body={"name": "Arviointi"}),
    "rounds-delete":            _row("204 204 403 403 404"),
    "rounds-open-round":        _row("200 200 403 403 404", path={"round_id": "{new_round}"}),
    "evaluations-create-evaluation": _row("201 201 403 403 404", body={"round_id": "{round}", "status": "yes"}, path={"measure_id": "{new_measure}"}),  # noqa: E501
    "evaluations-get-all-evaluations": _row("200 200 200 200 404", shows="evaluation"),
    "evaluations-get-evaluation": _row("200 200 200 200 404"),
    "evaluations-update-evaluation": _row("200 200 403 403 404", body={"status": "partly"}),
    "evaluations-delete-evaluation": _row("204 204 403 403 404"),
    "terms-create":             _row("201 201 403 403 422", body=TERM),
    "terms-get-all":            _row("200 200 200 200 200", shows="term", query=FOR_A),
    "terms-get":                _row("200 200 200 200 404"),
    "terms-update":             _row("200 200 403 403 404", body={"name": "Valtuustokausi 2025-2029"}),  # noqa: E501
    "terms-delete":             _row("204 204 403 403 404"),
    "terms-apply":              _row("200 200 403 403 404", body=CT),
    "cycle-templates-create-template": _row("201 201 403 403 422", body=CYCLE),
    "cycle-templates-get-all-templates": _row("200 200 200 200 200", shows="cycle_template", query=FOR_A),  # noqa: E501
    "cycle-templates-get-template": _row("200 200 200 200 404"),
    "cycle-templates-update-template": _row("200 200 403 403 404", body={"name": "Kello 2"}),
    "cycle-templates-delete-template": _row("204 204 403 403 404", path={"cycle_template_id": "{new_cycle_template}"}),  # noqa: E501
    "indicators-create":        _row("201 201 403 403 422", body=INDICATOR),
    "indicators-get-all":       _row("200 200 200 200 200", shows="indicator", query=FOR_A),
    "indicators-get":           _row("200 200 200 200 404"),
    "indicators-update":        _row("200 200 403 403 404", body={"unit": "kpl"}),
    "indicators-delete":        _row("204 204 403 403 404"),
    "indicators-get-values":    _row("200 200 200 200 404"),
    "indicators-create-values": _row("200 200 403 403 404", body=VALUES),
    "indicators-import-values": _row("200 200 403 403 404", values_upload=True),
    "indicators-refresh":       _row("200 200 403 403 404", path={"indicator_id": "{sotkanet_indicator}"}),  # noqa: E501
    "indicators-get-situation": _row("200 200 200 200 404", shows="indicator"),
    "measures-create-indicator-link": _row("201 201 403 403 404", body={"indicator_id": "{indicator}"}, path={"measure_id": "{new_measure}"}),  # noqa: E501
    "measures-get-all-indicator-links": _row("200 200 200 200 404", shows="measure_indicator"),
    "measures-delete-indicator-link": _row("204 204 403 403 404"),
}
# fmt: on

# Path parameter → the shared object of network A it names by default.
PATH_DEFAULTS = {
    "client_id": "{client}",
    "network_id": "{network}",
    "partner_id": "{partner}",
    "person_id": "{person}",
    "group_id": "{group}",
    "membership_id": "{membership}",
    "event_id": "{event}",
    "recurrence_id": "{rid}",
    "deadline_id": "{deadline}",
    "template_id": "{template}",
    "task_id": "{task}",
    "reminder_id": "{reminder}",
    "feed_id": "{feed}",
    "feed_token": "{feed_token}",
    "webhook_id": "{webhook}",
    "embed_id": "{wheel_embed}",
    "embed_token": "{embed_token}",
    "plan_id": "{plan}",
    "goal_id": "{goal}",
    "measure_id": "{measure}",
    "round_id": "{round}",
    "evaluation_id": "{evaluation}",
    "term_id": "{term}",
    "cycle_template_id": "{cycle_template}",
    "indicator_id": "{indicator}",
    "link_id": "{measure_indicator}",
}


def _operations() -> dict[str, tuple[str, str]]:
    """operationId → (method, path) of the served document."""
    found = {}
    for path, item in asgi_app.openapi()["paths"].items():
        for method, operation in item.items():
            found[operation["operationId"]] = (method.upper(), path)
    return found


OPERATIONS = _operations()


@dataclass
class World:
    """Network A with one of everything; network B; a client per caller."""

    ids: dict[str, str]
    callers: dict[str, Api]
    admin: Api
    secrets: list[str]

    def a_ids(self) -> set[str]:
        return {v for k, v in self.ids.items() if k not in ("rid", "due", "client_secret")}


Factory = Callable[[World], Awaitable[str]]


async def _new_partner(w: World) -> str:
    return (await w.admin.create("/v1/partners", fill(PARTNER, **w.ids)))["id"]


async def _new_person(w: World) -> str:
    body = {"partner_id": w.ids["partner"], "name": "Uusi henkilö"}
    return (await w.admin.create("/v1/people", body))["id"]


async def _new_group(w: World) -> str:
    return (await w.admin.create("/v1/groups", fill(GROUP, **w.ids)))["id"]


async def _new_membership(w: World) -> str:
    body = {"person_id": await _new_person(w), "role": "member"}
    return (await w.admin.create(f"/v1/groups/{w.ids['group']}/members", body))["id"]


async def _new_event(w: World) -> str:
    body = {**fill(EVENT, **w.ids), "rrule": "FREQ=WEEKLY;COUNT=3"}
    return (await w.admin.create("/v1/events", body))["id"]


async def _new_deadline(w: World) -> str:
    return (await w.admin.create("/v1/deadlines", fill(DEADLINE, **w.ids)))["id"]


async def _new_template(w: World) -> str:
    return (await w.admin.create("/v1/preparation-templates", fill(TEMPLATE, **w.ids)))["id"]


async def _new_task(w: World) -> str:
    body = {"template_id": w.ids["template"]}
    prepared = await w.admin.create(f"/v1/events/{await _new_event(w)}/preparation", body)
    return prepared["tasks"][0]["id"]


async def _new_feed(w: World) -> str:
    # Owned by A's coordinator, like the shared feed.
    body = {"scope": "network", "network_id": w.ids["network"]}
    return (await w.callers["coordinator"].create("/v1/feeds", body))["id"]


async def _new_webhook(w: World) -> str:
    body = {"network_id": w.ids["network"], "url": HOOK_URL}
    return (await w.admin.create("/v1/webhooks", body))["id"]


async def _new_wheel_embed(w: World) -> str:
    # Published by A's coordinator.
    body = fill(EMBED, **w.ids)
    return (await w.callers["coordinator"].create("/v1/wheel-embeds", body))["id"]


async def _new_network(w: World) -> str:
    return (await w.admin.create("/v1/networks", {"name": "Tyhjä verkosto"}))["id"]


async def _new_client(w: World) -> str:
    body = {"name": "Uusi lukija", "role": "member", "network_ids": [w.ids["network"]]}
    return (await w.admin.create("/v1/clients", body))["client_id"]


async def _new_plan(w: World) -> str:
    return (await w.admin.create("/v1/plans", fill(PLAN, **w.ids)))["id"]


async def _new_goal(w: World) -> str:
    return (await w.admin.create(f"/v1/plans/{w.ids['plan']}/goals", {"title": "Tavoite"}))["id"]


async def _new_measure(w: World) -> str:
    body = {"title": "Toimenpide", "responsible_partner_ids": [w.ids["partner"]]}
    return (await w.admin.create(f"/v1/goals/{w.ids['goal']}/measures", body))["id"]


async def _new_round(w: World) -> str:
    return (await w.admin.create(f"/v1/plans/{w.ids['plan']}/rounds", ROUND))["id"]


async def _new_evaluation(w: World) -> str:
    body = {"round_id": w.ids["round"], "status": "yes"}
    return (await w.admin.create(f"/v1/measures/{await _new_measure(w)}/evaluations", body))["id"]


async def _new_term(w: World) -> str:
    return (await w.admin.create("/v1/terms", fill(TERM, **w.ids)))["id"]


async def _new_cycle_template(w: World) -> str:
    return (await w.admin.create("/v1/cycle-templates", fill(CYCLE, **w.ids)))["id"]


async def _new_indicator(w: World) -> str:
    return (await w.admin.create("/v1/indicators", fill(INDICATOR, **w.ids)))["id"]


async def _new_measure_indicator(w: World) -> str:
    body = {"indicator_id": w.ids["indicator"], "region_code": uuid.uuid4().hex[:8]}
    return (await w.admin.create(f"/v1/measures/{w.ids['measure']}/indicators", body))["id"]


@pytest.fixture(scope="module", autouse=True)
def sotkanet():
    """Sotkanet on loopback (the committed fixtures) for the refresh operation."""
    server = SotkanetServer().start()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(get_settings(), "sotkanet_url", server.url)
        yield server
    server.stop()


FRESH: dict[str, Factory] = {
    "partner": _new_partner,
    "person": _new_person,
    "group": _new_group,
    "membership": _new_membership,
    "event": _new_event,
    "deadline": _new_deadline,
    "template": _new_template,
    "task": _new_task,
    "feed": _new_feed,
    "webhook": _new_webhook,
    "wheel_embed": _new_wheel_embed,
    "network": _new_network,
    "client": _new_client,
    "plan": _new_plan,
    "goal": _new_goal,
    "measure": _new_measure,
    "round": _new_round,
    "evaluation": _new_evaluation,
    "term": _new_term,
    "cycle_template": _new_cycle_template,
    "indicator": _new_indicator,
    "measure_indicator": _new_measure_indicator,
}


@pytest.fixture(scope="module")
async def world(admin: Api, anon: Api) -> World:
    tag = uuid.uuid4().hex[:6]
    a = (await admin.create("/v1/networks", {"name": f"Verkosto A {tag}"}))["id"]
    b = (await admin.create("/v1/networks", {"name": f"Verkosto B {tag}"}))["id"]
    w = World(ids={"network": a, "rid": RID}, callers={"admin": admin}, admin=admin, secrets=[])
    for role in ("coordinator", "member", "integration"):
        w.callers[role] = await admin.client_for(anon, role, [a])
    w.callers["other"] = await admin.client_for(anon, "coordinator", [b])
    w.ids["partner"] = await _new_partner(w)
    w.ids["person"] = await _new_person(w)
    w.ids["group"] = await _new_group(w)
    body = {"person_id": w.ids["person"], "role": "chair"}
    w.ids["membership"] = (await admin.create(f"/v1/groups/{w.ids['group']}/members", body))["id"]
    w.ids["event"] = await _new_event(w)
    body = {
        **fill(DEADLINE, **w.ids),
        "rrule": "FREQ=YEARLY;COUNT=5",
        "reminders": [{"offset": "-P7D"}],
    }
    w.ids["deadline"] = (await admin.create("/v1/deadlines", body))["id"]
    w.ids["template"] = await _new_template(w)
    w.ids["task"] = await _new_task(w)
    feed = await w.callers["coordinator"].create("/v1/feeds", {"scope": "network", "network_id": a})
    w.ids["feed"] = feed["id"]
    w.ids["feed_token"] = feed["https_url"].rsplit("/", 1)[1].removesuffix(".ics")
    w.secrets.append(w.ids["feed_token"])
    w.ids["webhook"] = await _new_webhook(w)
    embed = await w.callers["coordinator"].create("/v1/wheel-embeds", fill(EMBED, **w.ids))
    w.ids["wheel_embed"] = embed["id"]
    w.ids["embed_token"] = embed["url"].rsplit("/", 1)[1]
    w.secrets.append(w.ids["embed_token"])
    w.ids["plan"] = await _new_plan(w)
    w.ids["goal"] = await _new_goal(w)
    w.ids["measure"] = await _new_measure(w)
    w.ids["round"] = await _new_round(w)
    w.ids["term"] = await _new_term(w)
    w.ids["cycle_template"] = await _new_cycle_template(w)
    body = {"round_id": w.ids["round"], "status": "yes"}
    created = await admin.create(f"/v1/measures/{w.ids['measure']}/evaluations", body)
    w.ids["evaluation"] = created["id"]
    w.ids["indicator"] = await _new_indicator(w)
    body = {
        "network_id": a,
        "name": "Lastensuojeluilmoitukset",
        "source": "sotkanet",
        "sotkanet_id": 1086,
    }
    w.ids["sotkanet_indicator"] = (await admin.create("/v1/indicators", body))["id"]
    w.ids["measure_indicator"] = await _new_measure_indicator(w)
    reminders = (await admin.get("/v1/reminders", params={"network_id": a})).json()["data"]
    assert reminders, "the deadline's reminders should be materialised"
    w.ids["reminder"] = reminders[0]["id"]
    created = await admin.create(
        "/v1/clients", {"name": f"Matrix {tag}", "role": "member", "network_ids": [a]}
    )
    w.ids["client"] = created["client_id"]
    w.ids["client_secret"] = created["client_secret"]
    # The world's callers themselves are objects of A (and B) too.
    for caller in ("coordinator", "member", "integration"):
        w.ids[f"{caller}_client"] = jwt.get_unverified_claims(w.callers[caller].token)["sub"]
    return w


async def _resolve(w: World, value: Any) -> Any:
    """Fill placeholders; each `{new_x}` creates a fresh x (as admin, in network A)."""
    if isinstance(value, str):
        for kind in re.findall(r"\{new_(\w+)\}", value):
            value = value.replace(f"{{new_{kind}}}", await FRESH[kind](w), 1)
        return fill(value, **w.ids)
    if isinstance(value, dict):
        return {k: await _resolve(w, v) for k, v in value.items()}
    if isinstance(value, list):
        return [await _resolve(w, v) for v in value]
    return value


async def _call(w: World, caller: Api, operation_id: str, *, as_admin: bool = False) -> Any:
    method, template = OPERATIONS[operation_id]
    row = MATRIX[operation_id]
    overrides = {**row.path, **(row.admin_path if as_admin else {})}
    params = {}
    for name in re.findall(r"\{([^}]+)\}", template):
        default = PATH_DEFAULTS[name]
        if name == "recurrence_id" and "/deadlines/" in template:
            default = DUE
        # A DELETE consumes a fresh object of its own kind.
        last = template.rstrip("/").endswith(f"{{{name}}}")
        if method == "DELETE" and last and name != "recurrence_id":
            default = "{new_" + default.strip("{}") + "}"
        params[name] = overrides.get(name, default)
    url = template.format(**await _resolve(w, params))
    kwargs: dict[str, Any] = {"params": await _resolve(w, row.query)}
    if row.form is not None:
        form = await _resolve(w, {"grant_type": "client_credentials", **row.form})
        return await caller.http.post(url, data=form)
    if row.ics:
        body = ICS.format(uid=uuid.uuid4())
        kwargs |= {"content": body, "headers": {"Content-Type": "text/calendar"}}
    elif row.upload:
        content_type = "multipart/form-data; boundary=rajaus"
        kwargs |= {"content": UPLOAD, "headers": {"Content-Type": content_type}}
    elif row.values_upload:
        content_type = "multipart/form-data; boundary=rajaus"
        kwargs |= {"content": VALUES_UPLOAD, "headers": {"Content-Type": content_type}}
    elif row.body is not None:
        kwargs["json"] = await _resolve(w, row.body)
    return await caller.request(method, url, **kwargs)


def test_every_operation_is_classified():
    """A new endpoint needs a row: who may call it is a decision, not an accident."""
    assert sorted(set(OPERATIONS) - set(MATRIX)) == [], "operations without a MATRIX row"
    assert sorted(set(MATRIX) - set(OPERATIONS)) == [], "MATRIX rows for no operation"


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("operation_id", sorted(MATRIX))
async def test_matrix(world: World, operation_id: str, caller: str):
    if operation_id not in OPERATIONS:
        pytest.fail(f"{operation_id} is not an operation of the served OpenAPI")
    expected = MATRIX[operation_id].status(caller)
    response = await _call(world, world.callers[caller], operation_id, as_admin=caller == "admin")
    if expected >= 400:
        assert_problem(response, expected)
    else:
        assert response.status_code == expected, (response.status_code, response.text)
    shows = MATRIX[operation_id].shows
    if shows and caller != "other" and response.status_code < 300:
        assert world.ids[shows] in response.text, f"the list does not show the {shows}"
    if caller == "other" and operation_id not in PUBLIC:  # a feed token is a capability
        # Nothing of network A in any answer to B (not in lists, not in error details)
        # beyond the ids B itself sent.
        sent = str(response.request.url) + response.request.content.decode()
        leaked = {i for i in world.a_ids() if i in response.text and i not in sent}
        assert not leaked, (leaked, response.text)
    for secret in world.secrets:
        assert secret not in response.text


@pytest.mark.parametrize(
    ("caller", "shown"),
    [
        ("admin", {"partner", "webhook", "feed"}),
        ("coordinator", {"partner", "webhook", "feed"}),
        ("integration", {"partner", "webhook"}),
        ("member", {"partner"}),
        ("other", set()),
    ],
)
async def test_notifications_follow_read_rights(world: World, caller: str, shown: set[str]):
    """The polling feed shows what the caller could read: a member sees neither the
    webhooks (whose URLs may hold credentials) nor other clients' feeds."""
    kinds = ("partner", "webhook", "feed")
    types = ",".join(f"fi.vuosikello.{kind}.created" for kind in kinds)
    params = {"network_id": world.ids["network"], "types": types, "limit": 500}
    response = await world.callers[caller].get("/v1/notifications", params=params)
    assert response.status_code == 200, response.text
    subjects = {n["subject"] for n in response.json()["data"]}
    for kind in kinds:
        plural = {"partner": "partners", "webhook": "webhooks", "feed": "feeds"}[kind]
        assert (f"/v1/{plural}/{world.ids[kind]}" in subjects) == (kind in shown), kind


def _authenticated() -> list[str]:
    return sorted(op for op in MATRIX if op not in PUBLIC)


@pytest.mark.parametrize("operation_id", _authenticated())
async def test_no_token_is_401(world: World, anon: Api, operation_id: str):
    response = await _call(world, anon, operation_id)
    assert_problem(response, 401)
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_public_operations_need_no_security():
    """The document agrees: exactly the public operations carry no security requirement."""
    document = asgi_app.openapi()
    open_ops = {
        op["operationId"]
        for item in document["paths"].values()
        for op in item.values()
        if not op.get("security", document.get("security"))
    }
    assert open_ops == PUBLIC
