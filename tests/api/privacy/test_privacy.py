"""GDPR: a person's export and erasure through the API, and retention by the clean-up job."""

import asyncio
import json
import uuid
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.core import clock
from app.core.config import get_settings
from app.core.db.session import get_database
from app.webhooks.dispatcher import Dispatcher
from app.worker import jobs
from tests.support.cli import run_cli
from tests.support.receiver import Receiver
from tests.support.reminders import dispatch, reminders_of

NAME, EMAIL = "Maija Meikäläinen", "maija.meikalainen@example.fi"
HELSINKI = ZoneInfo("Europe/Helsinki")


def meeting_in_ten_days() -> tuple[str, datetime]:
    """A 09:00 meeting ten days ahead (inside the reminder horizon), and 08:30 that day:
    when its one-hour reminder has just fallen due."""
    day = (datetime.now(HELSINKI) + timedelta(days=10)).date()
    start = datetime.combine(day, time(9), HELSINKI)
    return start.strftime("%Y-%m-%dT%H:%M:%S"), start - timedelta(minutes=30)


@pytest.fixture
async def receiver():
    receiver = await Receiver().start()
    # A receiver that echoes personal data into its answer, which the delivery log keeps.
    receiver.reply = f'{{"unknown_contact": "{NAME} <{EMAIL}>"}}'.encode()
    yield receiver
    await receiver.stop()


async def deliver_all(receiver: Receiver, last_type: str) -> None:
    """Deliver until the receiver has `last_type` (on PostgreSQL a notification is visible to
    the dispatcher only once no older transaction is still open), with a bounded wait."""
    dispatcher = Dispatcher(get_database())
    try:
        for _ in range(200):
            await dispatcher.tick()
            if any(last_type.encode() in r.body for r in receiver.received):
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"{last_type} was not delivered within 10 s")
    finally:
        await dispatcher.close()


def text_of(value) -> str:
    return json.dumps(value, ensure_ascii=False)


async def person_with_history(api, network: dict, receiver: Receiver | None = None) -> dict:
    """A person with a membership, a feed of their own and a delivered notification."""
    if receiver is not None:
        await api.create("/v1/webhooks", {"network_id": network["id"], "url": receiver.url})
    partner = await api.create(
        "/v1/partners", {"network_id": network["id"], "name": "Oulun kaupunki", "kind": "other"}
    )
    person = await api.create(
        "/v1/people",
        {"partner_id": partner["id"], "name": NAME, "email": EMAIL, "title": "Koordinaattori"},
    )
    group = await api.create(
        "/v1/groups", {"network_id": network["id"], "name": "LAPE", "kind": "steering_group"}
    )
    membership = await api.create(
        f"/v1/groups/{group['id']}/members", {"person_id": person["id"], "role": "chair"}
    )
    feed = await api.create(
        "/v1/feeds", {"scope": "person", "network_id": network["id"], "person_id": person["id"]}
    )
    if receiver is not None:
        await deliver_all(receiver, "fi.vuosikello.feed.created")
    return {"person": person, "group": group, "membership": membership, "feed": feed}


async def test_export_holds_everything_about_a_person_and_is_audited(
    admin, anon, coordinator, network
):
    world = await person_with_history(coordinator, network)
    person = world["person"]
    patched = await coordinator.patch(f"/v1/people/{person['id']}", {"title": "Johtaja"})
    assert patched.status_code == 200
    start, due = meeting_in_ten_days()
    event = await coordinator.create(
        "/v1/events",
        {
            "network_id": network["id"],
            "title": "Ohjausryhmä",
            "start": start,
            "reminders": [{"offset": "-PT1H", "recipients": {"group_ids": [world["group"]["id"]]}}],
        },
    )
    with clock.freeze(due):
        await dispatch()
    [sent] = await reminders_of(coordinator, source_id=event["id"])
    assert sent["status"] == "sent"

    response = await coordinator.get(f"/v1/people/{person['id']}/export")
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    export = response.json()
    assert export["person"]["name"] == NAME and export["person"]["title"] == "Johtaja"
    assert [m["id"] for m in export["memberships"]] == [world["membership"]["id"]]
    assert [f["id"] for f in export["feed_subscriptions"]] == [world["feed"]["id"]]
    assert [r["id"] for r in export["reminders_sent"]] == [sent["id"]]
    types = [n["type"] for n in export["notifications"]]
    assert types[:3] == [
        "fi.vuosikello.person.created",
        "fi.vuosikello.membership.created",
        "fi.vuosikello.person.updated",
    ]
    audited = {(e["resource_type"], e["action"]) for e in export["audit_entries"]}
    assert audited == {
        ("person", "create"),
        ("person", "update"),
        ("membership", "create"),
        ("feed", "create"),
    }
    assert "https_url" not in text_of(export["feed_subscriptions"])
    log = (await admin.get("/v1/audit-log", params={"resource_id": person["id"]})).json()["data"]
    assert log[-1]["action"] == "export" and log[-1]["role"] == "coordinator"

    member = await admin.client_for(anon, "member", [network["id"]])
    assert (await member.get(f"/v1/people/{person['id']}/export")).status_code == 403
    other = await admin.create("/v1/networks", {"name": f"Muu {uuid.uuid4().hex[:6]}"})
    outsider = await admin.client_for(anon, "coordinator", [other["id"]])
    assert (await outsider.get(f"/v1/people/{person['id']}/export")).status_code == 404
    assert (await outsider.post(f"/v1/people/{person['id']}/erase")).status_code == 404
    assert (await member.post(f"/v1/people/{person['id']}/erase")).status_code == 403


async def test_erase_pseudonymises_history_and_keeps_the_networks_records(
    admin, anon, coordinator, network, receiver
):
    world = await person_with_history(coordinator, network, receiver)
    person, group, feed = world["person"], world["group"], world["feed"]
    hook = (await coordinator.get("/v1/webhooks", params={"network_id": network["id"]})).json()
    [hook] = hook["data"]
    deliveries = await coordinator.get(f"/v1/webhooks/{hook['id']}/deliveries")
    assert EMAIL in deliveries.text  # the receiver's answer holds the address before erasure
    feed_path = "/" + feed["https_url"].split("://", 1)[1].split("/", 1)[1]
    assert (await anon.get(feed_path)).status_code == 200

    erased = await coordinator.post(f"/v1/people/{person['id']}/erase")
    assert erased.status_code == 200, erased.text
    body = erased.json()
    pseudonym = body["person"]["name"]
    assert pseudonym.startswith("Poistettu henkilö ")
    assert body["person"]["email"] is None and body["person"]["title"] is None
    assert body["person"]["erased_at"] is not None
    assert body["already_erased"] is False and body["feeds_revoked"] == 1
    assert body["records_pseudonymised"] >= 3

    # Revoked feed; kept records pointing at the pseudonym.
    assert (await anon.get(feed_path)).status_code == 404
    members = (await coordinator.get(f"/v1/groups/{group['id']}/members")).json()["data"]
    assert [m["person_id"] for m in members] == [person["id"]]
    assert (await coordinator.get(f"/v1/people/{person['id']}")).json()["name"] == pseudonym
    # No copy of the name or address is left in notifications, deliveries or the audit log.
    notifications = (
        await coordinator.get("/v1/notifications", params={"network_id": network["id"]})
    ).json()["data"]
    deliveries = (await coordinator.get(f"/v1/webhooks/{hook['id']}/deliveries")).json()
    audit = (await admin.get("/v1/audit-log", params={"network_id": network["id"]})).json()
    for stored in (notifications, deliveries, audit):
        text = text_of(stored)
        assert NAME not in text and EMAIL not in text and "Meikäläinen" not in text
    erased_events = [n for n in notifications if n["type"] == "fi.vuosikello.person.erased"]
    assert [n["data"]["name"] for n in erased_events] == [pseudonym]
    # The receiver's echo is rewritten, not dropped: the delivery log still reads sensibly.
    assert f"{pseudonym} <[poistettu]>" in text_of(deliveries)

    again = await coordinator.post(f"/v1/people/{person['id']}/erase")
    assert again.status_code == 200
    assert again.json()["already_erased"] is True
    assert again.json()["person"] == body["person"]
    notifications = (
        await coordinator.get("/v1/notifications", params={"network_id": network["id"]})
    ).json()["data"]
    assert [n["type"] for n in notifications].count("fi.vuosikello.person.erased") == 1
    log = (await admin.get("/v1/audit-log", params={"resource_id": person["id"]})).json()["data"]
    assert [e["action"] for e in log][-2:] == ["erase", "erase"]
    assert log[-2]["fields"] == ["email", "name", "title"]
    verified = run_cli("audit", "verify")
    assert verified.returncode == 0, verified.stderr


async def test_cleanup_enforces_retention(coordinator, network, receiver):
    await person_with_history(coordinator, network, receiver)
    hook = (await coordinator.get("/v1/webhooks", params={"network_id": network["id"]})).json()
    [hook] = hook["data"]
    start, due = meeting_in_ten_days()
    event = await coordinator.create(
        "/v1/events",
        {"network_id": network["id"], "title": "Kokous", "start": start,
         "reminders": [{"offset": "-PT1H"}]},
    )  # fmt: skip
    with clock.freeze(due):
        await dispatch()
    assert [r["status"] for r in await reminders_of(coordinator, source_id=event["id"])] == ["sent"]
    settings = get_settings()
    deliveries_url = f"/v1/webhooks/{hook['id']}/deliveries"
    assert (await coordinator.get(deliveries_url)).json()["data"]

    # Just inside every retention period: nothing of this test goes.
    soon = datetime.now(UTC) + timedelta(days=settings.webhook_delivery_retention_days - 1)
    with clock.freeze(soon):
        await jobs.cleanup(get_database(), settings)
    assert (await coordinator.get(deliveries_url)).json()["data"]
    # Past them: sent reminders, delivery logs and notifications are deleted.
    later = due + timedelta(
        days=max(
            settings.webhook_delivery_retention_days,
            settings.notification_retention_days,
            settings.reminder_retention_days,
        )
        + 1
    )
    with clock.freeze(later):
        assert await jobs.cleanup(get_database(), settings) >= 3
    assert (await coordinator.get(deliveries_url)).json()["data"] == []
    assert await reminders_of(coordinator, source_id=event["id"]) == []
    polled = await coordinator.get("/v1/notifications", params={"network_id": network["id"]})
    assert polled.json()["data"] == []
