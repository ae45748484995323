"""Moving, retitling, restoring and cancelling one occurrence announce it: on the polling feed
and on a signed webhook received by a real local HTTP server."""

import asyncio
import json
import uuid

import pytest
from standardwebhooks.webhooks import Webhook

from app.core.db.session import get_database
from app.webhooks.dispatcher import Dispatcher
from tests.support.receiver import Receiver

RID = "2026-03-29T09:00:00"
OCCURRENCE_TYPES = "fi.vuosikello.occurrence.*"


@pytest.fixture
async def weekly(coordinator, network) -> dict:
    """Four Sunday meetings 09:00-10:30 from 22 March 2026 (DST starts 29 March)."""
    return await coordinator.create(
        "/v1/events",
        {
            "network_id": network["id"],
            "title": "Viikkopalaveri",
            "location": "Oulu",
            "start": "2026-03-22T09:00:00",
            "end": "2026-03-22T10:30:00",
            "rrule": "FREQ=WEEKLY;COUNT=4",
        },
    )


@pytest.fixture
async def receiver():
    receiver = await Receiver().start()
    yield receiver
    await receiver.stop()


@pytest.fixture
async def dispatcher():
    dispatcher = Dispatcher(get_database())
    yield dispatcher
    await dispatcher.close()


def url(event: dict, recurrence_id: str = RID) -> str:
    return f"/v1/events/{event['id']}/occurrences/{recurrence_id}"


async def occurrence_notifications(api, network: dict, after: str | None = None):
    """The network's occurrence notifications after `after`, and the cursor past them. A
    marker is written last and awaited: the feed is in commit order, so once it shows,
    everything committed before it shows."""
    body = {"network_id": network["id"], "name": f"Merkki {uuid.uuid4().hex[:6]}", "kind": "ngo"}
    marker = await api.create("/v1/partners", body)
    found, cursor = [], after
    for _ in range(300):
        params = {"network_id": network["id"], "limit": 500}
        response = await api.get(
            "/v1/notifications", params={**params, "after": cursor} if cursor else params
        )
        assert response.status_code == 200, response.text
        body = response.json()
        cursor = body["next_cursor"]
        for notification in body["data"]:
            if notification["subject"] == f"/v1/partners/{marker['id']}":
                return found, cursor
            if notification["source"] == f"/v1/networks/{network['id']}" and notification[
                "type"
            ].startswith("fi.vuosikello.occurrence."):
                found.append(notification)
        if not body["data"]:
            await asyncio.sleep(0.1)
    raise AssertionError("the marker notification never showed on the feed")


async def put(api, event: dict, body: dict) -> dict:
    response = await api.put(url(event), body)
    assert response.status_code == 200, response.text
    return response.json()


async def test_move_retitle_and_restore_each_announce_what_changed(coordinator, network, weekly):
    seen, cursor = await occurrence_notifications(coordinator, network)
    assert seen == []
    subject = url(weekly)

    moved = await put(coordinator, weekly, {"start": "2026-03-30T14:00:00"})
    [notification], cursor = await occurrence_notifications(coordinator, network, cursor)
    assert notification["type"] == "fi.vuosikello.occurrence.updated"
    assert notification["subject"] == subject
    assert notification["source"] == f"/v1/networks/{network['id']}"
    data = notification["data"]
    assert data["changed_fields"] == ["end", "overridden", "start"]
    assert {k: v for k, v in data.items() if k != "changed_fields"} == moved
    assert data["start"] == "2026-03-30T14:00:00+03:00"

    # Retitling keeps the move (PUT carries the whole difference from the series).
    await put(coordinator, weekly, {"start": "2026-03-30T14:00:00", "title": "Siirretty"})
    [notification], cursor = await occurrence_notifications(coordinator, network, cursor)
    assert notification["type"] == "fi.vuosikello.occurrence.updated"
    assert notification["data"]["changed_fields"] == ["title"]
    assert notification["data"]["title"] == "Siirretty"

    restored = await put(coordinator, weekly, {})
    [notification], cursor = await occurrence_notifications(coordinator, network, cursor)
    assert notification["type"] == "fi.vuosikello.occurrence.updated"
    assert notification["data"]["changed_fields"] == ["end", "overridden", "start", "title"]
    assert (restored["start"], restored["title"]) == ("2026-03-29T09:00:00+03:00", "Viikkopalaveri")

    # Restoring an occurrence that differs from nothing changes nothing and announces nothing.
    await put(coordinator, weekly, {})
    assert (await occurrence_notifications(coordinator, network, cursor))[0] == []


async def test_restoring_a_cancelled_occurrence_announces_its_status(coordinator, network, weekly):
    _, cursor = await occurrence_notifications(coordinator, network)
    cancelled = await coordinator.delete(url(weekly))
    assert cancelled.status_code == 200, cancelled.text
    [notification], cursor = await occurrence_notifications(coordinator, network, cursor)
    assert notification["type"] == "fi.vuosikello.occurrence.cancelled"
    assert notification["data"]["status"] == "cancelled"
    assert "changed_fields" not in notification["data"]

    await put(coordinator, weekly, {})
    [notification], _ = await occurrence_notifications(coordinator, network, cursor)
    assert notification["type"] == "fi.vuosikello.occurrence.updated"
    assert notification["data"]["changed_fields"] == ["status"]
    assert notification["data"]["status"] == "confirmed"


async def test_a_moved_occurrence_reaches_a_webhook_receiver_signed(
    coordinator, network, weekly, receiver, dispatcher
):
    hook = await coordinator.create(
        "/v1/webhooks",
        {"network_id": network["id"], "url": receiver.url, "event_types": [OCCURRENCE_TYPES]},
    )
    await put(coordinator, weekly, {"start": "2026-03-30T14:00:00", "title": "Siirretty"})
    await put(coordinator, weekly, {})
    # On PostgreSQL the outbox shows a transaction's rows once every older one has finished:
    # tick until both arrived (bounded), instead of stopping at the first empty round.
    for _ in range(100):
        if len(receiver.received) >= 2:
            break
        if not await dispatcher.tick():
            await asyncio.sleep(0.1)

    # Later tests' dispatchers must not try this receiver once it is gone.
    assert (await coordinator.delete(f"/v1/webhooks/{hook['id']}")).status_code == 204
    payloads = [Webhook(hook["secret"]).verify(r.body, r.headers) for r in receiver.received]
    assert [(p["type"], p["subject"]) for p in payloads] == [
        ("fi.vuosikello.occurrence.updated", url(weekly)),
        ("fi.vuosikello.occurrence.updated", url(weekly)),
    ]
    assert [p["data"]["changed_fields"] for p in payloads] == [
        ["end", "overridden", "start", "title"],
        ["end", "overridden", "start", "title"],
    ]
    assert [json.loads(r.body)["data"]["title"] for r in receiver.received] == [
        "Siirretty",
        "Viikkopalaveri",
    ]
