"""The merged wheel timeline, GET /v1/occurrences: merging and sorting, filters, cursor
pagination, the window and expansion caps, and series whose occurrences moved outside them."""

import base64
import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.support import Api

HELSINKI = ZoneInfo("Europe/Helsinki")


async def make_event(api: Api, network: dict, title: str, **fields: Any) -> dict:
    return await api.create("/v1/events", {"network_id": network["id"], "title": title, **fields})


async def timeline(api: Api, network: dict, start: str, end: str, **params: Any) -> list[dict]:
    """All occurrences of the network in the window, on one page."""
    response = await api.get(
        "/v1/occurrences",
        params={"network_id": network["id"], "from": start, "to": end, "limit": 500, **params},
    )
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["next_cursor"] is None
    return page["data"]


def cursor_of(values: list[Any]) -> str:
    raw = json.dumps(values).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def assert_invalid(response, field: str) -> dict:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert field in [error["field"] for error in problem["errors"]], problem
    return problem


async def test_timeline_merges_events_sorted_by_their_instant(coordinator, network):
    await make_event(
        coordinator,
        network,
        "Ohjausryhmä",
        start="2026-03-02T13:00:00",
        rrule="FREQ=WEEKLY;COUNT=3",
    )
    await make_event(coordinator, network, "Hyvinvointifoorumi", start="2026-03-09")
    await make_event(coordinator, network, "Aamukahvit", start="2026-03-09T08:00:00")
    # 07:00 in New York is 14:00 in Helsinki: after the 13:00 meeting of the same day.
    await make_event(
        coordinator,
        network,
        "Webinaari",
        start="2026-03-16T07:00:00",
        timezone="America/New_York",
    )
    items = await timeline(coordinator, network, "2026-03-01", "2026-04-01")
    assert [(o["title"], o["start"]) for o in items] == [
        ("Ohjausryhmä", "2026-03-02T13:00:00+02:00"),
        ("Hyvinvointifoorumi", "2026-03-09"),
        ("Aamukahvit", "2026-03-09T08:00:00+02:00"),
        ("Ohjausryhmä", "2026-03-09T13:00:00+02:00"),
        ("Ohjausryhmä", "2026-03-16T13:00:00+02:00"),
        ("Webinaari", "2026-03-16T07:00:00-04:00"),
    ]
    assert {o["kind"] for o in items} == {"event"}
    assert {o["network_id"] for o in items} == {network["id"]}


async def test_timeline_shows_cancelled_occurrences_and_hides_exdates(coordinator, network):
    event = await make_event(
        coordinator,
        network,
        "Kuukausikokous",
        start="2026-01-12T10:00:00",
        rrule="FREQ=MONTHLY;COUNT=4",
        exdates=["2026-02-12T10:00:00"],
    )
    cancelled = await coordinator.delete(
        f"/v1/events/{event['id']}/occurrences/2026-03-12T10:00:00"
    )
    assert cancelled.status_code == 200
    items = await timeline(coordinator, network, "2026-01-01", "2026-06-01")
    assert [(o["recurrence_id"], o["status"]) for o in items] == [
        ("2026-01-12T10:00:00", "confirmed"),
        ("2026-03-12T10:00:00", "cancelled"),
        ("2026-04-12T10:00:00", "confirmed"),
    ]


async def test_timeline_filters_by_category_group_and_partner(coordinator, network):
    group = await coordinator.create(
        "/v1/groups",
        {"network_id": network["id"], "name": "Hyvinvointiryhmä", "kind": "working_group"},
    )
    partner = await coordinator.create(
        "/v1/partners", {"network_id": network["id"], "name": "Seurakunta", "kind": "parish"}
    )
    other_partner = await coordinator.create(
        "/v1/partners", {"network_id": network["id"], "name": "Yhdistys", "kind": "ngo"}
    )
    a = await make_event(
        coordinator,
        network,
        "A",
        start="2026-05-04T09:00:00",
        category="Päätöksenteko",
        group_id=group["id"],
        rrule="FREQ=WEEKLY;COUNT=2",
    )
    b = await make_event(
        coordinator,
        network,
        "B",
        start="2026-05-05T09:00:00",
        category="Päätöksenteko",
        partner_ids=[partner["id"], other_partner["id"]],
    )
    c = await make_event(
        coordinator,
        network,
        "C",
        start="2026-05-06T09:00:00",
        category="Tapahtumat",
        group_id=group["id"],
        partner_ids=[partner["id"]],
    )
    await make_event(coordinator, network, "D", start="2026-05-07T09:00:00")

    async def titles(**params: Any) -> list[str]:
        items = await timeline(coordinator, network, "2026-05-01", "2026-06-01", **params)
        return [o["title"] for o in items]

    assert await titles() == ["A", "B", "C", "D", "A"]
    assert await titles(category="Päätöksenteko") == ["A", "B", "A"]
    assert await titles(category="Tapahtumat") == ["C"]
    assert await titles(category="Ei ole") == []
    assert await titles(group_id=group["id"]) == ["A", "C", "A"]
    assert await titles(partner_id=partner["id"]) == ["B", "C"]
    assert await titles(partner_id=other_partner["id"]) == ["B"]
    assert await titles(group_id=group["id"], partner_id=partner["id"]) == ["C"]
    assert await titles(category="Päätöksenteko", group_id=group["id"]) == ["A", "A"]
    items = await timeline(coordinator, network, "2026-05-01", "2026-06-01", category="Tapahtumat")
    assert [(o["event_id"], o["category"], o["group_id"]) for o in items] == [
        (c["id"], "Tapahtumat", group["id"])
    ]
    assert a["id"] != b["id"]


async def test_timeline_shows_only_the_callers_networks(admin, anon, coordinator, network):
    other_network = await admin.create("/v1/networks", {"name": "Toinen verkosto"})
    await make_event(admin, other_network, "Salainen", start="2026-05-04T09:00:00")
    await make_event(coordinator, network, "Oma", start="2026-05-04T10:00:00")

    response = await coordinator.get(
        "/v1/occurrences", params={"from": "2026-05-01", "to": "2026-06-01", "limit": 500}
    )
    assert response.status_code == 200
    assert [o["title"] for o in response.json()["data"]] == ["Oma"]
    foreign = await coordinator.get(
        "/v1/occurrences",
        params={"network_id": other_network["id"], "from": "2026-05-01", "to": "2026-06-01"},
    )
    assert foreign.status_code == 200, foreign.text
    assert foreign.json()["data"] == []
    member = await admin.client_for(anon, "member", [other_network["id"]])
    seen = await timeline(member, other_network, "2026-05-01", "2026-06-01")
    assert [o["title"] for o in seen] == ["Salainen"]


async def test_timeline_pagination_walks_every_occurrence_exactly_once(coordinator, network):
    # Three series meeting at the same instants, so the cursor must break ties.
    for title in ("Aamu", "Päivä", "Ilta"):
        await make_event(
            coordinator, network, title, start="2026-03-23T09:00:00", rrule="FREQ=DAILY"
        )
    await make_event(
        coordinator, network, "Viikko", start="2026-03-25T12:00:00", rrule="FREQ=WEEKLY"
    )
    window = {"network_id": network["id"], "from": "2026-03-23", "to": "2026-04-20"}
    everything = await timeline(coordinator, network, "2026-03-23", "2026-04-20")
    assert len(everything) == 3 * 28 + 4

    walked: list[dict] = []
    cursor = None
    pages = 0
    while True:
        params = {**window, "limit": 7, **({"cursor": cursor} if cursor else {})}
        response = await coordinator.get("/v1/occurrences", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        assert 0 < len(page["data"]) <= 7
        walked.extend(page["data"])
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == -(-len(everything) // 7)
    keys = [(o["event_id"], o["recurrence_id"]) for o in walked]
    assert len(set(keys)) == len(keys)
    assert walked == everything


async def test_series_occurrences_paginate_too(coordinator, network):
    event = await make_event(
        coordinator, network, "Päivittäin", start="2026-01-01T09:00:00", rrule="FREQ=DAILY"
    )
    url = f"/v1/events/{event['id']}/occurrences"
    params = {"from": "2026-01-01", "to": "2026-02-01", "limit": 10}
    ids: list[str] = []
    cursor = None
    while True:
        page_params = {**params, "cursor": cursor} if cursor else params
        response = await coordinator.get(url, params=page_params)
        assert response.status_code == 200, response.text
        ids.extend(o["recurrence_id"] for o in response.json()["data"])
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break
    assert ids == [f"2026-01-{day:02d}T09:00:00" for day in range(1, 32)]


@pytest.mark.parametrize(
    "cursor",
    [
        "not a cursor",
        "!!!",
        cursor_of(["2026-01-01T00:00:00+00:00", "x"]),
        cursor_of(["yesterday", "x", "y"]),
        cursor_of([1, 2, 3]),
        cursor_of({"a": 1}),
        # A well-formed key without an offset cannot be compared with the sort keys.
        cursor_of(["2026-03-01T00:00:00", "00000000-0000-0000-0000-000000000000", "x"]),
    ],
)
async def test_invalid_cursor_is_refused(coordinator, network, cursor):
    await make_event(coordinator, network, "X", start="2026-03-02T09:00:00", rrule="FREQ=DAILY")
    response = await coordinator.get(
        "/v1/occurrences",
        params={
            "network_id": network["id"],
            "from": "2026-03-01",
            "to": "2026-04-01",
            "cursor": cursor,
        },
    )
    assert_invalid(response, "cursor")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-01-01", "to": "2031-01-10"}, "to"),
        ({"from": "2026-01-01", "to": "2025-12-31"}, "to"),
        ({"from": "2026-01-01", "to": "2026-01-01"}, "to"),
        ({"from": "2026-01-01T12:00:00Z", "to": "2026-01-01T14:00:00+02:00"}, "to"),
        ({"from": "1.1.2026", "to": "2026-02-01"}, "from"),
        ({"from": "2026-01-01", "to": "2026-02-30"}, "to"),
        ({"from": "0001-01-01", "to": "0001-02-01"}, "from"),
        ({"from": "9999-12-01", "to": "9999-12-31"}, "from"),
        ({"from": "9999-12-30"}, "from"),
    ],
)
async def test_bad_window_is_refused(coordinator, network, params, field):
    for url in ("/v1/occurrences", "/v1/occurrences?network_id=" + network["id"]):
        assert_invalid(await coordinator.get(url, params=params), field)


async def test_five_year_window_is_the_largest_allowed(coordinator, network):
    await make_event(coordinator, network, "Vuosittain", start="2026-01-15", rrule="FREQ=YEARLY")
    items = await timeline(coordinator, network, "2026-01-01", "2031-01-01")
    assert [o["recurrence_id"] for o in items] == [f"{year}-01-15" for year in range(2026, 2031)]


async def test_default_window_starts_today(coordinator, network):
    await make_event(
        coordinator, network, "Joka päivä", start="2020-01-01T09:00:00", rrule="FREQ=DAILY"
    )
    response = await coordinator.get(
        "/v1/occurrences", params={"network_id": network["id"], "limit": 1}
    )
    assert response.status_code == 200
    [first] = response.json()["data"]
    assert first["recurrence_id"] == f"{datetime.now(HELSINKI).date().isoformat()}T09:00:00"
    assert response.json()["next_cursor"] is not None


async def test_expansion_beyond_the_cap_is_refused(coordinator, network, monkeypatch):
    from app.core.config import get_settings

    await make_event(
        coordinator, network, "Päivittäin", start="2026-01-01T09:00:00", rrule="FREQ=DAILY"
    )
    await make_event(coordinator, network, "Myös", start="2026-01-01T10:00:00", rrule="FREQ=DAILY")
    monkeypatch.setattr(get_settings(), "max_expanded_occurrences", 50)
    # One series alone, and two together, over the cap.
    alone = await coordinator.get(
        "/v1/occurrences",
        params={"network_id": network["id"], "from": "2026-01-01", "to": "2026-03-01"},
    )
    problem = assert_invalid(alone, "to")
    assert "50" in problem["detail"]
    together = await coordinator.get(
        "/v1/occurrences",
        params={"network_id": network["id"], "from": "2026-01-01", "to": "2026-01-30"},
    )
    assert_invalid(together, "to")
    # Under the cap it works, and the cap is on expansion, not on the page.
    fine = await coordinator.get(
        "/v1/occurrences",
        params={"network_id": network["id"], "from": "2026-01-01", "to": "2026-01-20", "limit": 5},
    )
    assert fine.status_code == 200
    assert len(fine.json()["data"]) == 5


async def test_real_cap_of_twenty_thousand_occurrences(coordinator, network):
    # Eleven daily series over the largest window expand to more than 20 000 occurrences.
    for hour in range(8, 19):
        await make_event(
            coordinator,
            network,
            f"Klo {hour}",
            start=f"2026-01-01T{hour:02d}:00:00",
            rrule="FREQ=DAILY",
        )
    params = {"network_id": network["id"], "from": "2026-01-01", "to": "2031-01-01", "limit": 1}
    problem = assert_invalid(await coordinator.get("/v1/occurrences", params=params), "to")
    assert "20000" in problem["detail"]
    params["to"] = "2026-02-01"
    assert (await coordinator.get("/v1/occurrences", params=params)).status_code == 200


# --- occurrences moved beyond their series' own span ----------------------------------------


async def test_occurrence_moved_past_the_series_end_is_on_the_timeline(coordinator, network):
    event = await make_event(
        coordinator,
        network,
        "Kaksi kertaa",
        start="2026-03-02T09:00:00",
        end="2026-03-02T11:00:00",
        rrule="FREQ=WEEKLY;COUNT=2",
    )
    moved = await coordinator.put(
        f"/v1/events/{event['id']}/occurrences/2026-03-09T09:00:00",
        {"start": "2026-06-01T09:00:00"},
    )
    assert moved.json()["end"] == "2026-06-01T11:00:00+03:00"
    # A window that only sees the second hour of the moved meeting.
    items = await timeline(coordinator, network, "2026-06-01T10:00:00", "2026-06-01T10:30:00")
    assert [(o["recurrence_id"], o["start"]) for o in items] == [
        ("2026-03-09T09:00:00", "2026-06-01T09:00:00+03:00")
    ]
    assert await timeline(coordinator, network, "2026-03-09", "2026-03-10") == []


async def test_occurrence_moved_before_the_series_start_is_on_the_timeline(coordinator, network):
    event = await make_event(
        coordinator, network, "Syksy", start="2026-09-07T09:00:00", rrule="FREQ=WEEKLY"
    )
    await coordinator.put(
        f"/v1/events/{event['id']}/occurrences/2026-09-14T09:00:00",
        {"start": "2026-08-20T12:00:00", "end": "2026-08-20T13:00:00"},
    )
    items = await timeline(coordinator, network, "2026-08-01", "2026-09-01")
    assert [(o["recurrence_id"], o["start"], o["end"]) for o in items] == [
        ("2026-09-14T09:00:00", "2026-08-20T12:00:00+03:00", "2026-08-20T13:00:00+03:00")
    ]


async def test_occurrence_extended_far_past_the_series_end_is_on_the_timeline(coordinator, network):
    event = await make_event(
        coordinator, network, "Näyttely", start="2026-04-01", rrule="FREQ=WEEKLY;COUNT=2"
    )
    await coordinator.put(f"/v1/events/{event['id']}/occurrences/2026-04-08", {"end": "2026-06-01"})
    items = await timeline(coordinator, network, "2026-05-20", "2026-05-21")
    assert [(o["recurrence_id"], o["start"], o["end"]) for o in items] == [
        ("2026-04-08", "2026-04-08", "2026-06-01")
    ]
    series = await coordinator.get(
        f"/v1/events/{event['id']}/occurrences", params={"from": "2026-05-20", "to": "2026-05-21"}
    )
    assert [o["recurrence_id"] for o in series.json()["data"]] == ["2026-04-08"]


async def test_ended_and_future_series_stay_out_of_the_window(coordinator, network):
    await make_event(
        coordinator, network, "Ohi", start="2025-01-01T09:00:00", rrule="FREQ=DAILY;COUNT=10"
    )
    await make_event(
        coordinator, network, "Tuleva", start="2027-01-01T09:00:00", rrule="FREQ=DAILY"
    )
    await make_event(
        coordinator, network, "Jatkuva", start="2024-01-03T09:00:00", rrule="FREQ=YEARLY"
    )
    items = await timeline(coordinator, network, "2026-01-01", "2026-12-31")
    assert [(o["title"], o["start"]) for o in items] == [("Jatkuva", "2026-01-03T09:00:00+02:00")]
