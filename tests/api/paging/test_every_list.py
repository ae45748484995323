"""Every list endpoint pages to its end: each row once, in order, with the cursors it issued.

A fresh install once resolved a SQLAlchemy under which custom column types have no
``python_type``, and every list sorted by such a column refused its own second-page cursor.
"""

import base64
import json
from datetime import UTC, datetime

import pytest

from tests.support.clock import frozen_clock_at

NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
ROWS = 3


frozen_clock = frozen_clock_at(NOW)


@pytest.fixture
async def wheel(admin, network) -> dict[str, str]:
    """A network with at least ROWS of everything a list endpoint can return."""
    nid = network["id"]
    for index in range(ROWS - 1):
        await admin.create("/v1/networks", {"name": f"Naapuriverkosto {index}"})
        await admin.create(
            "/v1/clients", {"name": f"Intranet {index}", "role": "member", "network_ids": [nid]}
        )
    partner = await admin.create(
        "/v1/partners", {"network_id": nid, "name": "Kunta", "kind": "municipality"}
    )
    for index in range(ROWS - 1):
        await admin.create(
            "/v1/partners", {"network_id": nid, "name": f"Järjestö {index}", "kind": "ngo"}
        )
    people = [
        await admin.create(
            "/v1/people",
            {"partner_id": partner["id"], "name": f"Henkilö {i}", "email": f"h{i}@kunta.fi"},
        )
        for i in range(ROWS)
    ]
    group = await admin.create(
        "/v1/groups", {"network_id": nid, "name": "LAPE-ohjausryhmä", "kind": "steering_group"}
    )
    for index in range(ROWS - 1):
        await admin.create(
            "/v1/groups", {"network_id": nid, "name": f"Työryhmä {index}", "kind": "working_group"}
        )
    for person in people:
        await admin.create(f"/v1/groups/{group['id']}/members", {"person_id": person["id"]})
    template = await admin.create(
        "/v1/preparation-templates",
        {
            "network_id": nid,
            "name": "Seminaari",
            "tasks": [{"title": "Tila", "offset": "-P30D"}, {"title": "Kutsu", "offset": "-P14D"}],
        },
    )
    for index in range(ROWS - 1):
        await admin.create(
            "/v1/preparation-templates",
            {
                "network_id": nid,
                "name": f"Pohja {index}",
                "tasks": [{"title": "Kutsu", "offset": "-P7D"}],
            },
        )
    events = []
    for index in range(ROWS):
        events.append(
            await admin.create(
                "/v1/events",
                {
                    "network_id": nid,
                    "title": f"Ohjausryhmän kokous {index}",
                    # Two events start at the same instant: the id breaks the tie.
                    "start": f"2026-10-{6 + min(index, 1):02d}T09:00:00",
                    "end": f"2026-10-{6 + min(index, 1):02d}T11:00:00",
                    "rrule": "FREQ=WEEKLY;COUNT=4",
                    "reminders": [
                        {"offset": "-P1D", "recipients": {"person_ids": [people[0]["id"]]}}
                    ],
                },
            )
        )
    await admin.create(
        f"/v1/events/{events[0]['id']}/preparation",
        {"template_id": template["id"], "assignee_id": people[0]["id"]},
    )
    await admin.create(
        f"/v1/events/{events[1]['id']}/preparation",
        {"template_id": template["id"], "assignee_id": people[1]["id"]},
    )
    deadlines = [
        await admin.create(
            "/v1/deadlines",
            {
                "network_id": nid,
                "title": f"Talousarvio {2027 + index}",
                "decision_body": "Kunnanvaltuusto",
                "due": "2026-11-30T18:00:00",
                "rrule": "FREQ=YEARLY;COUNT=3",
                "milestones": [{"name": "Lapsivaikutusten arviointi", "offset": "-P21D"}],
                "reminders": [{"offset": "-P14D", "recipients": {"person_ids": [people[1]["id"]]}}],
            },
        )
        for index in range(ROWS)
    ]
    webhook = None
    for index in range(ROWS):
        webhook = await admin.create(
            "/v1/webhooks", {"network_id": nid, "url": f"http://127.0.0.1:9/hook{index}"}
        )
    for index in range(ROWS):
        await admin.create(
            "/v1/wheel-embeds",
            {"scope": "network", "network_id": nid, "name": f"Intranet {index}",
             "allowed_origins": ["https://intranet.example.fi"]},
        )  # fmt: skip
    return {
        "network_id": nid,
        "group_id": group["id"],
        "event_id": events[0]["id"],
        "deadline_id": deadlines[0]["id"],
        "webhook_id": webhook["id"],
    }


def lists(ids: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    nid = {"network_id": ids["network_id"]}
    window = {"from": "2026-09-01", "to": "2029-12-31"}
    return [
        ("/v1/networks", {}),
        ("/v1/clients", {}),
        ("/v1/partners", nid),
        ("/v1/people", nid),
        ("/v1/groups", nid),
        (f"/v1/groups/{ids['group_id']}/members", {}),
        ("/v1/events", nid),
        (f"/v1/events/{ids['event_id']}/occurrences", window),
        ("/v1/occurrences", {**nid, **window}),
        ("/v1/deadlines", nid),
        (f"/v1/deadlines/{ids['deadline_id']}/occurrences", window),
        ("/v1/preparation-templates", nid),
        ("/v1/tasks", nid),
        ("/v1/reminders", nid),
        ("/v1/webhooks", nid),
        (f"/v1/webhooks/{ids['webhook_id']}/deliveries", {}),
        ("/v1/audit-log", nid),
        ("/v1/wheel-embeds", nid),
    ]


def key(row: dict) -> str:
    return row.get("id") or row.get("seq") or json.dumps(row, sort_keys=True)


async def test_every_list_pages_to_its_end(admin, wheel):
    # Deliveries appear once the dispatcher tried; a ping makes one without a worker.
    await admin.post(f"/v1/webhooks/{wheel['webhook_id']}/test")
    checked = []
    for path, params in lists(wheel):
        whole = await admin.get(path, params={**params, "limit": 500})
        assert whole.status_code == 200, (path, whole.text)
        expected = [key(row) for row in whole.json()["data"]]
        seen, cursor, pages = [], None, 0
        while True:
            page = await admin.get(
                path, params={**params, "limit": 1, **({"cursor": cursor} if cursor else {})}
            )
            assert page.status_code == 200, (path, pages, page.text)
            body = page.json()
            seen += [key(row) for row in body["data"]]
            cursor, pages = body["next_cursor"], pages + 1
            if cursor is None:
                break
            assert pages <= len(expected), (path, "more pages than rows")
        assert seen == expected, path
        checked.append((path, len(expected)))
    # The fixture made several rows for every list but the deliveries (one ping).
    short = [(path, n) for path, n in checked if n < 2 and "deliveries" not in path]
    assert not short, short


async def test_notification_feed_pages_to_its_end(admin, wheel):
    params = {"network_id": wheel["network_id"]}
    whole = (await admin.get("/v1/notifications", params={**params, "limit": 500})).json()["data"]
    assert len(whole) > 10
    seen, after = [], None
    while True:
        page = await admin.get(
            "/v1/notifications",
            params={**params, "limit": 7, **({"after": after} if after else {})},
        )
        assert page.status_code == 200, page.text
        body = page.json()
        if not body["data"]:
            break
        seen += [row["id"] for row in body["data"]]
        after = body["next_cursor"]
    assert seen == [row["id"] for row in whole]


def crafted(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "values",
    [
        [1e999, 1, "2026-09-01T08:00:00+00:00"],
        [2**63, 1, "2026-09-01T08:00:00+00:00"],
        [1, -(2**63) - 1, "2026-09-01T08:00:00+00:00"],
        [True, 1, "2026-09-01T08:00:00+00:00"],
        ["1", 1, "2026-09-01T08:00:00+00:00"],
        [1.5, 1, "2026-09-01T08:00:00+00:00"],
        [1, 1, "2026-09-01T08:00:00"],
        [1, 1, 12],
        [1, 1, None],
    ],
)
async def test_crafted_notification_cursor_is_a_clear_422(admin, values):
    response = await admin.get("/v1/notifications", params={"after": crafted(values)})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "cursor" in response.text


@pytest.mark.parametrize(
    ("path", "values"),
    [
        ("/v1/events", [1e999, "0190f1a6-0000-7000-8000-000000000000"]),
        ("/v1/events", ["2026-09-01T08:00:00+00:00", 2**70]),
        ("/v1/events", ["2026-09-01T08:00:00", "0190f1a6-0000-7000-8000-000000000000"]),
        ("/v1/reminders", [None, "0190f1a6-0000-7000-8000-000000000000"]),
        ("/v1/audit-log", [2**63]),
        ("/v1/audit-log", [1e999]),
        ("/v1/audit-log", ["1"]),
        ("/v1/partners", [["nested"]]),
        ("/v1/occurrences", [1e999, "a", "b"]),
        ("/v1/occurrences", ["2026-09-01T08:00:00+00:00", 1, "b"]),
    ],
)
async def test_crafted_list_cursor_is_a_clear_422(admin, path, values):
    response = await admin.get(path, params={"cursor": crafted(values)})
    assert response.status_code == 422, response.text
    assert (
        response.json()["errors"][0]["field"] == "cursor" if "errors" in response.json() else True
    )
