"""The timeline that pages first: every page of a mixed network (single events, series with
moves, cancellations and exdates, DST weeks, deadlines with milestones) walked with page sizes
1 to 7 gives exactly the unpaged list, and the unpaged list is every event's own occurrences
(GET /v1/events/{id}/occurrences, the per-series expansion) merged by instant."""

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.support import Api

WINDOWS = [
    ("2027-03-22", "2027-04-06"),  # the spring gap, Sunday 2027-03-28 03:00-04:00
    ("2027-10-25", "2027-11-08"),  # the autumn repeat, Sunday 2027-10-31 03:00-04:00
    ("2027-01-01", "2028-01-01"),
]


async def event(api: Api, network: dict, title: str, **fields: Any) -> dict:
    return await api.create("/v1/events", {"network_id": network["id"], "title": title, **fields})


async def changed(response: Any) -> None:
    assert response.status_code == 200, response.text


async def mixed_network(api: Api, network: dict) -> dict[str, Any]:
    """Something of everything the timeline shows; returns the filter values."""
    group = await api.create(
        "/v1/groups", {"network_id": network["id"], "name": "Ohjausryhmä", "kind": "working_group"}
    )
    partner = await api.create(
        "/v1/partners", {"network_id": network["id"], "name": "Seurakunta", "kind": "parish"}
    )
    # Ties: three single events and a daily series at the same instants.
    for title in ("Aamu A", "Aamu B", "Aamu C"):
        await event(api, network, title, start="2027-03-29T09:00:00", category="Kokous")
    await event(api, network, "Päivittäin", start="2027-03-26T09:00:00",
                rrule="FREQ=DAILY;COUNT=10", group_id=group["id"])  # fmt: skip
    # More plain single events than a page reads ahead, many of them at one instant, so the
    # read stops inside a tie.
    for number in range(24):
        await event(api, network, f"Tasan {number}", start="2027-03-30T10:00:00")
    for number in range(12):
        await event(
            api, network, f"Syksy {number}", start=f"2027-10-{26 + number % 6}T1{number % 10}:00:00"
        )
    await event(api, network, "Koko päivä", start="2027-03-28", partner_ids=[partner["id"]])
    await event(api, network, "Aukon jälkeen", start="2027-03-28T04:30:00")
    await event(api, network, "Toistuva tunti", start="2027-10-31T03:30:00",
                end="2027-10-31T04:30:00", category="Kokous")  # fmt: skip
    await event(api, network, "New York", start="2027-03-29T07:00:00",
                timezone="America/New_York")  # fmt: skip
    # Running when the windows open, and a point in time at a window's start.
    await event(api, network, "Näyttely", start="2027-03-15", end="2027-03-25")
    await event(api, network, "Syysnäyttely", start="2027-10-20T10:00:00",
                end="2027-10-26T16:00:00", partner_ids=[partner["id"]])  # fmt: skip
    await event(api, network, "Hetki", start="2027-10-25T00:00:00", end="2027-10-25T00:00:00")
    # Single events moved, moved away, cancelled and retitled.
    moved = await event(api, network, "Siirretty", start="2027-03-23T12:00:00")
    await changed(await api.put(f"/v1/events/{moved['id']}/occurrences/2027-03-23T12:00:00",
                  {"start": "2027-03-30T08:00:00", "end": "2027-03-30T09:00:00"}))  # fmt: skip
    away = await event(api, network, "Pois", start="2027-03-24T12:00:00")
    await changed(await api.put(f"/v1/events/{away['id']}/occurrences/2027-03-24T12:00:00",
                  {"start": "2027-05-24T12:00:00"}))  # fmt: skip
    cancelled = await event(api, network, "Peruttu", start="2027-11-02T12:00:00")
    await changed(await api.delete(f"/v1/events/{cancelled['id']}/occurrences/2027-11-02T12:00:00"))
    retitled = await event(api, network, "Vanha nimi", start="2027-11-03T12:00:00")
    await changed(await api.put(f"/v1/events/{retitled['id']}/occurrences/2027-11-03T12:00:00",
                  {"title": "Uusi nimi"}))  # fmt: skip
    # A weekly series across both DST switches at 03:30, with a move, a cancellation, a
    # retitle and an exdate; a monthly one by weekday.
    weekly = await event(api, network, "Sunnuntai", start="2027-03-21T03:30:00",
                         end="2027-03-21T04:15:00", rrule="FREQ=WEEKLY;BYDAY=SU",
                         exdates=["2027-04-18T03:30:00"], category="Kokous",
                         group_id=group["id"], partner_ids=[partner["id"]])  # fmt: skip
    base = f"/v1/events/{weekly['id']}/occurrences"
    await changed(await api.put(f"{base}/2027-04-04T03:30:00", {"start": "2027-03-30T08:00:00"}))
    await changed(await api.put(f"{base}/2027-03-21T03:30:00", {"start": "2027-05-02T10:00:00"}))
    await changed(await api.delete(f"{base}/2027-10-31T03:30:00"))
    await changed(await api.put(f"{base}/2027-11-07T03:30:00", {"title": "Sunnuntai (muutettu)"}))
    await event(api, network, "Kuukausi", start="2027-01-04T13:00:00",
                rrule="FREQ=MONTHLY;BYDAY=1MO", exdates=["2027-11-01T13:00:00"])  # fmt: skip
    await event(api, network, "Vuosi", start="2027-03-28", rrule="FREQ=YEARLY")
    await api.create("/v1/deadlines", {
        "network_id": network["id"], "title": "Talousarvio", "decision_body": "Valtuusto",
        "due": "2027-11-04T18:00:00", "category": "Kokous", "partner_id": partner["id"],
        "milestones": [{"name": "Valmistelu", "offset": "-P7D"},
                       {"name": "Esitys", "offset": "-P220D"}],
    })  # fmt: skip
    await api.create("/v1/deadlines", {
        "network_id": network["id"], "title": "Kuukausiraportti", "decision_body": "Johtoryhmä",
        "due": "2027-01-29T09:00:00", "rrule": "FREQ=MONTHLY;BYMONTHDAY=29",
    })  # fmt: skip
    return {"group_id": group["id"], "partner_id": partner["id"], "category": "Kokous"}


async def unpaged(api: Api, params: dict[str, Any]) -> list[dict]:
    response = await api.get("/v1/occurrences", params={**params, "limit": 500})
    assert response.status_code == 200, response.text
    assert response.json()["next_cursor"] is None
    return response.json()["data"]


async def walked(api: Api, params: dict[str, Any], limit: int) -> list[dict]:
    found: list[dict] = []
    cursor = None
    while True:
        page_params = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        response = await api.get("/v1/occurrences", params=page_params)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["data"]) == limit or page["next_cursor"] is None
        found.extend(page["data"])
        cursor = page["next_cursor"]
        if cursor is None:
            return found


def instant(item: dict) -> datetime:
    value = item["start"]
    if "T" in value:
        return datetime.fromisoformat(value).astimezone(UTC)
    local = datetime.combine(date.fromisoformat(value), time(), ZoneInfo(item["timezone"]))
    return local.astimezone(UTC)


@pytest.mark.parametrize(("start", "end"), WINDOWS)
async def test_every_page_size_walks_the_unpaged_timeline(coordinator, network, start, end):
    filters = await mixed_network(coordinator, network)
    window = {"network_id": network["id"], "from": start, "to": end}
    everything = await unpaged(coordinator, window)
    assert {item["kind"] for item in everything} >= {"event", "deadline"}
    assert len(everything) >= 10
    for limit in range(1, 8):
        assert await walked(coordinator, window, limit) == everything, limit
    for name, value in [*filters.items(), ("kind", "event"), ("kind", "deadline"),
                        ("kind", "milestone")]:  # fmt: skip
        params = {**window, name: value}
        assert await walked(coordinator, params, 3) == await unpaged(coordinator, params)


@pytest.mark.parametrize(("start", "end"), WINDOWS)
async def test_the_timeline_is_every_series_merged_by_instant(coordinator, network, start, end):
    await mixed_network(coordinator, network)
    window = {"network_id": network["id"], "from": start, "to": end}
    events = await coordinator.get("/v1/events", params={"network_id": network["id"],
                                                          "limit": 500})  # fmt: skip
    assert events.status_code == 200, events.text
    expected: list[dict] = []
    for one in events.json()["data"]:
        response = await coordinator.get(
            f"/v1/events/{one['id']}/occurrences", params={"from": start, "to": end, "limit": 500}
        )
        assert response.status_code == 200, response.text
        expected += response.json()["data"]
    expected.sort(key=lambda o: (instant(o), o["event_id"], o["recurrence_id"]))
    assert expected
    assert await unpaged(coordinator, {**window, "kind": "event"}) == expected
