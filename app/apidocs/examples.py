"""Examples from the demo network (Pohjois-Pohjanmaa): request bodies by operationId, parameter
values by name, and the responses of the main objects by schema name."""

from typing import Any

NETWORK = "0b5f2c1e-7d3a-4f8e-9a61-2f4c8d9e1a01"
PARTNER = "1c6a3d2f-8e4b-4a9f-8b72-3a5d9e0f2b02"
PERSON = "2d7b4e3a-9f5c-4b0a-9c83-4b6e0f1a3c03"
GROUP = "3e8c5f4b-0a6d-4c1b-8d94-5c7f1a2b4d04"
MEMBERSHIP = "4f9d6a5c-1b7e-4d2c-9ea5-6d8a2b3c5e05"
EVENT = "5a0e7b6d-2c8f-4e3d-8fb6-7e9b3c4d6f06"
DEADLINE = "6b1f8c7e-3d9a-4f4e-9ac7-8fac4d5e7a07"
TEMPLATE = "7c2a9d8f-4eab-4a5f-8bd8-9abd5e6f8b08"
TASK = "8d3bae9a-5fbc-4b6a-9ce9-abce6f7a9c09"
REMINDER = "9e4cbfab-6acd-4c7b-8dfa-bcdf7a8bad10"
FEED = "af5dcabc-7bde-4d8c-9eab-cdea8b9cbe11"
WEBHOOK = "b06edbcd-8cef-4e9d-8fbc-defb9cadcf12"
CLIENT = "c17fecde-9dfa-4fae-9acd-efac0dbede13"
EMBED = "d28afdef-aeab-4abf-8bde-fabd1eacfe14"
PLAN = "e39b0ef0-bfbc-4ac0-9cef-0bce2fbd0f15"

PARAMETERS: dict[str, Any] = {
    "network_id": NETWORK,
    "partner_id": PARTNER,
    "person_id": PERSON,
    "group_id": GROUP,
    "membership_id": MEMBERSHIP,
    "event_id": EVENT,
    "deadline_id": DEADLINE,
    "template_id": TEMPLATE,
    "task_id": TASK,
    "reminder_id": REMINDER,
    "source_id": EVENT,
    "feed_id": FEED,
    "webhook_id": WEBHOOK,
    "client_id": CLIENT,
    "assignee_id": PERSON,
    "recurrence_id": "2028-10-03T09:00:00",
    "feed_token": "vkf_3q9XbV0sJkLw2YtR8mNp4eHa",
    "embed_id": EMBED,
    "indicator_id": "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
    "link_id": "1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a",
    "plan_id": PLAN,
    "goal_id": "f4ac1f01-c0cd-4bd1-8df0-1cdf3ace1016",
    "measure_id": "05bd2a12-d1de-4ce2-9e01-2de04bdf2117",
    "round_id": "16ce3b23-e2ef-4df3-8f12-3ef15ce03218",
    "evaluation_id": "27df4c34-f3f0-4e04-9023-4f026df14319",
    "term_id": "38e05d45-0401-4f15-8134-50137e025420",
    "cycle_template_id": "49f16e56-1512-4026-9245-61248f136521",
    "dry_run": True,
    "embed_token": "vkw_7HsY2mQp9LcX4tNb1RzK8aVe",
    "from": "2027-01-01",
    "to": "2028-01-01",
    "due_from": "2027-10-01T00:00:00+03:00",
    "due_to": "2027-12-31T23:59:59+02:00",
    "since": "2027-10-01T00:00:00+03:00",
    "until": "2027-12-31T23:59:59+02:00",
    "active_on": "2027-10-05",
    "q": "LAPE",
    "category": "Seminaarit",
    "municipality_code": "564",
    "limit": 50,
    "cursor": "eyJrIjpbIjIwMjctMTAtMDUiXX0",
    "after": "0",
    "types": "fi.vuosikello.event.created",
    "oidc_subject": "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0|AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
    "actor": CLIENT,
    "action": "event.created",
    "resource_type": "event",
    "resource_id": EVENT,
    # `*` matches whatever is current: a tool that sends the example changes unconditionally.
    "If-Match": "*",
}

# The wheel's own parameters (operationIds wheel-*), where a name means something else.
WHEEL_PARAMETERS: dict[str, Any] = {
    "year": 2027,
    "from": "2027-08",
    "start_month": 8,
    "rings": "category",
    "categories": ["Seminaarit"],
    "groups": [GROUP],
    "partners": [PARTNER],
    "kinds": ["event", "deadline", "milestone"],
    "lang": "fi",
    "size": 900,
}

_MILESTONES = [{"name": "Lapsivaikutusten arviointi valmis", "offset": "-P21D"}]

REQUESTS: dict[str, Any] = {
    "auth-token": {
        "grant_type": "client_credentials",
        "client_id": "vk_demo_admin",
        "client_secret": "vks_demo-secret-from-vuosikello-clients-create",
    },
    "clients-create": {
        "name": "Oulun intranet",
        "role": "integration",
        "network_ids": [NETWORK],
    },
    "clients-update": {"name": "Oulun intranet (tuotanto)", "disabled": False},
    "networks-create": {
        "name": "Pohjois-Pohjanmaan LAPE-verkosto",
        "description": "Lasten, nuorten ja perheiden palvelut Pohjois-Pohjanmaalla",
    },
    "networks-update": {"description": "Pohjois-Pohjanmaan hyvinvointialueen LAPE-verkosto"},
    "partners-create": {
        "network_id": NETWORK,
        "name": "Oulun kaupunki",
        "kind": "municipality",
        "business_id": "0187690-1",
        "municipality_code": "564",
    },
    "partners-update": {"name": "Oulun kaupunki, sivistys- ja kulttuuripalvelut"},
    "people-create": {
        "partner_id": PARTNER,
        "name": "Hanna Hyvinvointikoordinaattori",
        "email": "hanna.koordinaattori@ouka.example",
        "title": "Hyvinvointikoordinaattori",
        "language": "fi",
    },
    "people-update": {"title": "LAPE-koordinaattori"},
    "groups-create": {
        "network_id": NETWORK,
        "name": "LAPE-ohjausryhmä",
        "kind": "steering_group",
        "description": "Pohjois-Pohjanmaan lasten, nuorten ja perheiden palvelujen ohjausryhmä",
        "term_start": "2026-01-01",
        "term_end": "2029-12-31",
    },
    "groups-update": {"term_end": "2030-05-31"},
    "groups-create-member": {"person_id": PERSON, "role": "chair", "start": "2027-01-01"},
    "groups-update-member": {"role": "vice_chair"},
    "events-create": {
        "network_id": NETWORK,
        "title": "Hyvinvoinnin tilannekuvaseminaari",
        "category": "Seminaarit",
        "location": "Oulun kaupungintalo",
        "group_id": GROUP,
        "start": "2027-10-05T09:00:00",
        "end": "2027-10-05T15:00:00",
        "timezone": "Europe/Helsinki",
        "rrule": "FREQ=YEARLY;BYMONTH=10;BYDAY=1TU",
        "reminders": [{"offset": "-P7D"}],
    },
    "events-update": {"location": "Oulun yliopisto, Saalastinsali"},
    "events-replace-occurrence": {"start": "2028-10-04T09:00:00", "end": "2028-10-04T15:00:00"},
    "events-prepare": {"template_id": TEMPLATE, "assignee_id": PERSON},
    "deadlines-create": {
        "network_id": NETWORK,
        "title": "Talousarvio 2028",
        "decision_body": "Kunnanvaltuusto",
        "partner_id": PARTNER,
        "category": "Päätökset",
        "due": "2027-11-29T18:00:00",
        "timezone": "Europe/Helsinki",
        "milestones": _MILESTONES,
        "reminders": [{"offset": "-P14D"}],
    },
    "deadlines-update": {"due": "2027-12-13T18:00:00"},
    "deadlines-decide": {
        "outcome": "decided",
        "summary": "Valtuusto hyväksyi talousarvion; lapsivaikutukset arvioitiin.",
        "reference_url": "https://www.ouka.fi/paatokset/talousarvio-2028",
    },
    "preparation-templates-create": {
        "network_id": NETWORK,
        "name": "Seminaarin valmistelu",
        "tasks": [
            {"title": "Kutsu ja ilmoittautuminen", "offset": "-P30D"},
            {"title": "Tilannekuvan aineisto", "offset": "-P14D"},
        ],
    },
    "preparation-templates-update": {"name": "Seminaarin valmistelu (päivitetty)"},
    "tasks-update-task": {"status": "done"},
    "feeds-create": {"scope": "network", "network_id": NETWORK, "include_deadlines": True},
    "import-import-ics": (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Oulu//Intranet//FI\r\nBEGIN:VEVENT\r\n"
        "UID:lape-ohjausryhma-2027-02@ouka.example\r\nDTSTART;TZID=Europe/Helsinki:"
        "20270215T130000\r\nDTEND;TZID=Europe/Helsinki:20270215T150000\r\n"
        "SUMMARY:LAPE-ohjausryhmän kokous\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ),
    "webhooks-create": {
        "network_id": NETWORK,
        "url": "https://intranet.ouka.example/hooks/vuosikello",
        "event_types": ["fi.vuosikello.event.created", "fi.vuosikello.event.updated"],
        "description": "Oulun intranetin tapahtumakalenteri",
        "contact_email": "intranet@ouka.example",
    },
    "webhooks-update": {"enabled": True},
    "indicators-create": {
        "network_id": NETWORK,
        "name": "0 - 17-vuotiaat lapset, joista on tehty lastensuojeluilmoitus, % vastaavan "
        "ikäisestä väestöstä",
        "unit": "%",
        "direction": "lower_is_better",
        "source": "sotkanet",
        "sotkanet_id": 1086,
    },
    "indicators-update": {"direction": "lower_is_better"},
    "indicators-create-values": {
        "values": [
            {"region_code": "626", "region_title": "Pyhäjärvi", "year": 2025, "value": 342},
        ]
    },
    "measures-create-indicator-link": {
        "indicator_id": "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
        "region_code": "626",
        "baseline_year": 2020,
        "baseline_value": 6.0,
        "target_year": 2028,
        "target_value": 5.0,
    },
    "plans-create": {
        "network_id": NETWORK,
        "title": "Lasten ja nuorten hyvinvointisuunnitelma 2026-2029",
        "kind": "children_youth_welfare_plan",
        "period_start": "2026-01-01",
        "period_end": "2029-12-31",
        "approving_body": "Aluevaltuusto",
    },
    "terms-create": {
        "network_id": NETWORK,
        "name": "Valtuustokausi 2025-2029",
        "start": "2025-06-01",
        "end": "2029-05-31",
    },
    "wheel-put-colors": {"colors": {"Seminaarit": "#0072B2", "Päätökset": "#E69F00"}},
    "wheel-create-embed": {
        "scope": "network",
        "network_id": NETWORK,
        "name": "Pohjois-Pohjanmaan LAPE-vuosikello",
        "options": {"rings": "category", "start_month": 8, "lang": "fi"},
        "allowed_origins": ["https://intranet.ouka.example"],
    },
}

_STAMPS = {"created_at": "2026-11-02T08:15:00Z", "updated_at": "2026-11-02T08:15:00Z"}

# Response examples of the objects a coordinator meets first, by response schema name.
RESPONSES: dict[str, Any] = {
    "TokenResponse": {
        "access_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2ayJ9.c2ln",
        "token_type": "bearer",
        "expires_in": 3600,
    },
    "NetworkPublic": {"id": NETWORK, **_STAMPS, **REQUESTS["networks-create"]},
    "PartnerPublic": {"id": PARTNER, **_STAMPS, **REQUESTS["partners-create"]},
    "GroupPublic": {"id": GROUP, **_STAMPS, **REQUESTS["groups-create"]},
}

_FEED: dict[str, Any] = {
    "id": FEED, **_STAMPS, "scope": "network", "network_id": NETWORK, "group_id": None,
    "partner_id": None, "person_id": None, "name": "Pohjois-Pohjanmaan LAPE-verkosto",
    "categories": [], "include_deadlines": True, "include_tasks": False, "alarms": False,
}  # fmt: skip

# Response examples by operationId, for answers without a schema of their own.
OPERATION_RESPONSES: dict[str, Any] = {
    "health-live": {"status": "ok"},
    "health-ready": {"status": "ok"},
    "feeds-get-all": {"data": [_FEED], "next_cursor": None},
    "feeds-get": _FEED,
}
