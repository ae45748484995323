"""Signed webhooks against a real HTTP receiver on loopback, with injected faults."""

import json
from datetime import timedelta

import pytest
from standardwebhooks.webhooks import Webhook

from app.core import clock
from app.core.config import get_settings
from app.core.db.session import get_database
from app.core.db.types import utcnow
from app.webhooks.dispatcher import Dispatcher
from tests.support.webhooks import change, names, subscribe


@pytest.fixture
async def dispatcher():
    dispatcher = Dispatcher(get_database())
    yield dispatcher
    await dispatcher.close()


@pytest.fixture
def timeout_seconds():
    settings = get_settings()
    saved = settings.webhook_timeout_seconds
    yield settings
    settings.webhook_timeout_seconds = saved


async def run_until_idle(dispatcher: Dispatcher, rounds: int = 20) -> int:
    total = 0
    for _ in range(rounds):
        delivered = await dispatcher.tick()
        total += delivered
        if not delivered:
            break
    return total


def later(seconds: float):
    """Move the dispatcher's clock forward (retries are minutes to hours apart)."""
    return clock.freeze(utcnow() + timedelta(seconds=seconds))


async def test_delivery_is_a_signed_cloudevent(coordinator, network, receiver, dispatcher):
    hook = await subscribe(coordinator, network, receiver)
    assert hook["secret"].startswith("whsec_")
    partner = await change(coordinator, network, "Nuorisoseura")
    assert await run_until_idle(dispatcher) == 1

    [request] = receiver.received
    assert request.headers["content-type"] == "application/cloudevents+json"
    payload = Webhook(hook["secret"]).verify(request.body, request.headers)
    assert payload["type"] == "fi.vuosikello.partner.created"
    assert payload["specversion"] == "1.0"
    assert payload["subject"] == f"/v1/partners/{partner['id']}"
    assert payload["id"] == request.headers["webhook-id"]
    feed = await coordinator.get(
        "/v1/notifications",
        params={"network_id": network["id"], "types": "fi.vuosikello.partner.*"},
    )
    assert feed.json()["data"][0]["id"] == payload["id"]

    listed = (await coordinator.get(f"/v1/webhooks/{hook['id']}")).json()
    assert "secret" not in listed and "secret_encrypted" not in listed
    attempts = (await coordinator.get(f"/v1/webhooks/{hook['id']}/deliveries")).json()["data"]
    assert [(a["attempt"], a["status_code"], a["outcome"]) for a in attempts] == [
        (1, 200, "succeeded")
    ]
    assert attempts[0]["notification_id"] == payload["id"]


async def test_event_type_filter(coordinator, network, receiver, dispatcher):
    await subscribe(coordinator, network, receiver, event_types=["fi.vuosikello.event.*"])
    await change(coordinator, network, "Ei kiinnosta")
    await coordinator.create(
        "/v1/events",
        {"network_id": network["id"], "title": "Foorumi", "start": "2027-03-18"},
    )
    await run_until_idle(dispatcher)
    assert [json.loads(r.body)["type"] for r in receiver.received] == [
        "fi.vuosikello.event.created"
    ]


async def test_rotation_signs_with_both_secrets_for_a_day(
    coordinator, network, receiver, dispatcher
):
    hook = await subscribe(coordinator, network, receiver)
    rotated = await coordinator.post(f"/v1/webhooks/{hook['id']}/rotate-secret")
    assert rotated.status_code == 200
    new_secret = rotated.json()["secret"]
    assert new_secret != hook["secret"]
    await change(coordinator, network, "Kierto")
    await run_until_idle(dispatcher)
    # The endpoint hears of its own rotation first, then of the change.
    rotated_event, request = receiver.received
    assert json.loads(rotated_event.body)["type"] == "fi.vuosikello.webhook.rotated"
    assert "secret" not in json.loads(rotated_event.body)["data"]
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    Webhook(hook["secret"]).verify(request.body, request.headers)
    Webhook(new_secret).verify(request.body, request.headers)

    with later(25 * 3600):
        await change(coordinator, network, "Kierron jälkeen")
        await run_until_idle(dispatcher)
    last = receiver.received[-1]
    assert len(last.headers["webhook-signature"].split(" ")) == 1
    Webhook(new_secret).verify(last.body, last.headers)
    with pytest.raises(Exception, match="signature"):
        Webhook(hook["secret"]).verify(last.body, last.headers)


async def test_receiver_down_then_back_gets_everything_in_order(
    coordinator, network, receiver, dispatcher
):
    hook = await subscribe(coordinator, network, receiver)
    await receiver.stop()
    for index in range(3):
        await change(coordinator, network, f"Järjestö {index}")
    await run_until_idle(dispatcher)
    assert receiver.received == []
    state = (await coordinator.get(f"/v1/webhooks/{hook['id']}")).json()
    assert state["failing_since"] is not None

    await receiver.start()
    with later(10):  # past the 5 s retry
        await run_until_idle(dispatcher)
    assert names(receiver) == ["Järjestö 0", "Järjestö 1", "Järjestö 2"]
    attempts = (await coordinator.get(f"/v1/webhooks/{hook['id']}/deliveries")).json()["data"]
    assert attempts[0]["outcome"] == "failed" and attempts[0]["status_code"] is None
    assert attempts[0]["error"]
    assert [a["outcome"] for a in attempts[1:]] == ["succeeded"] * 3


async def test_server_errors_then_success_retry_with_the_same_id(
    coordinator, network, receiver, dispatcher
):
    hook = await subscribe(coordinator, network, receiver)
    receiver.answers.extend([(500, {}), (500, {})])
    await change(coordinator, network, "Sitkeä")
    await run_until_idle(dispatcher)
    with later(10):
        await run_until_idle(dispatcher)
    with later(10 + 6 * 60):
        await run_until_idle(dispatcher)
    assert len(receiver.received) == 3
    assert len(set(receiver.ids())) == 1
    attempts = (await coordinator.get(f"/v1/webhooks/{hook['id']}/deliveries")).json()["data"]
    assert [(a["attempt"], a["status_code"]) for a in attempts] == [(1, 500), (2, 500), (3, 200)]


async def test_slow_receiver_times_out_then_delivers(
    coordinator, network, receiver, dispatcher, timeout_seconds
):
    timeout_seconds.webhook_timeout_seconds = 0.3
    hook = await subscribe(coordinator, network, receiver)
    receiver.delay = 1.0
    await change(coordinator, network, "Hidas")
    await run_until_idle(dispatcher)
    receiver.delay = 0
    with later(10):
        await run_until_idle(dispatcher)
    attempts = (await coordinator.get(f"/v1/webhooks/{hook['id']}/deliveries")).json()["data"]
    assert "timed out" in attempts[0]["error"]
    assert attempts[-1]["outcome"] == "succeeded"
    assert names(receiver)[-1] == "Hidas"


async def test_gone_disables_the_endpoint(coordinator, network, receiver, dispatcher):
    hook = await subscribe(coordinator, network, receiver)
    receiver.default_status = 410
    await change(coordinator, network, "Poistunut")
    await run_until_idle(dispatcher)
    state = (await coordinator.get(f"/v1/webhooks/{hook['id']}")).json()
    assert state["enabled"] is False
    assert "410" in state["disabled_reason"]
    feed = await coordinator.get(
        "/v1/notifications",
        params={"network_id": network["id"], "types": "fi.vuosikello.webhook.disabled"},
    )
    assert feed.json()["data"][0]["data"]["id"] == hook["id"]
    with later(3600):
        await run_until_idle(dispatcher)
    assert len(receiver.received) == 1


async def test_retry_after_is_honoured(coordinator, network, receiver, dispatcher):
    hook = await subscribe(coordinator, network, receiver)
    receiver.answers.append((429, {"Retry-After": "120"}))
    await change(coordinator, network, "Ruuhka")
    await run_until_idle(dispatcher)
    with later(30):  # the schedule says 5 s, the receiver asked for 120 s
        await run_until_idle(dispatcher)
    assert len(receiver.received) == 1
    with later(125):
        await run_until_idle(dispatcher)
    assert len(receiver.received) == 2
    state = (await coordinator.get(f"/v1/webhooks/{hook['id']}")).json()
    assert state["failing_since"] is None


async def test_failing_for_five_days_disables(coordinator, network, receiver, dispatcher):
    hook = await subscribe(coordinator, network, receiver)
    receiver.default_status = 503
    await change(coordinator, network, "Rikki")
    await run_until_idle(dispatcher)
    with later(6 * 86400):
        await run_until_idle(dispatcher)
    state = (await coordinator.get(f"/v1/webhooks/{hook['id']}")).json()
    assert state["enabled"] is False
    assert "5 days" in state["disabled_reason"]


async def test_replay_and_ping(coordinator, network, receiver, dispatcher):
    hook = await subscribe(coordinator, network, receiver)
    since = utcnow().isoformat()
    await change(coordinator, network, "Yksi")
    await change(coordinator, network, "Kaksi")
    await run_until_idle(dispatcher)
    replay = await coordinator.post(f"/v1/webhooks/{hook['id']}/replay", params={"since": since})
    assert replay.status_code == 200
    assert replay.json()["pending"] == 2
    await run_until_idle(dispatcher)
    assert names(receiver) == ["Yksi", "Kaksi", "Yksi", "Kaksi"]
    assert receiver.ids()[:2] == receiver.ids()[2:]

    ping = await coordinator.post(f"/v1/webhooks/{hook['id']}/test")
    assert ping.status_code == 200
    assert ping.json()["status_code"] == 200
    payload = Webhook(hook["secret"]).verify(
        receiver.received[-1].body, receiver.received[-1].headers
    )
    assert payload["type"] == "fi.vuosikello.webhook.ping"


async def test_two_dispatchers_never_send_twice(coordinator, network, receiver):
    import asyncio

    await subscribe(coordinator, network, receiver)
    for index in range(20):
        await change(coordinator, network, f"Kilpa {index}")
    first, second = Dispatcher(get_database()), Dispatcher(get_database())
    try:
        for _ in range(30):
            counts = await asyncio.gather(first.tick(), second.tick())
            if not any(counts):
                break
    finally:
        await first.close()
        await second.close()
    assert names(receiver) == [f"Kilpa {i}" for i in range(20)]
    assert len(set(receiver.ids())) == 20


async def test_permissions_and_ssrf_guard(admin, anon, coordinator, network, receiver):
    member = await admin.client_for(anon, "member", [network["id"]])
    integration = await admin.client_for(anon, "integration", [network["id"]])
    refused = await member.post("/v1/webhooks", {"network_id": network["id"], "url": receiver.url})
    assert refused.status_code == 403
    created = await integration.post(
        "/v1/webhooks", {"network_id": network["id"], "url": receiver.url}
    )
    assert created.status_code == 201

    settings = get_settings()
    settings.webhook_allow_private_networks = False
    try:
        for url in (
            receiver.url,
            "https://127.0.0.1/x",
            "https://10.1.2.3/x",
            "https://[::ffff:127.0.0.1]/x",
            "https://[64:ff9b::a9fe:a9fe]/x",
            "https://169.254.169.254/latest",
            "http://93.184.216.34/plain-http",
            "ftp://example.org/x",
        ):
            response = await coordinator.post(
                "/v1/webhooks", {"network_id": network["id"], "url": url}
            )
            assert response.status_code == 422, url
            assert response.json()["errors"][0]["field"] == "url"
    finally:
        settings.webhook_allow_private_networks = True


async def test_owner_is_told_by_email_when_the_endpoint_is_disabled(
    coordinator, network, receiver, dispatcher
):
    from tests.support.smtp import SmtpServer
    from tests.support.waiting import wait_for

    hook = await subscribe(coordinator, network, receiver, contact_email="it-tuki@example.org")
    receiver.default_status = 410
    settings = get_settings()
    saved = settings.smtp_host, settings.smtp_port
    with SmtpServer() as smtp:
        settings.smtp_host, settings.smtp_port = "127.0.0.1", smtp.port
        try:
            await change(coordinator, network, "Lopetettu")
            await run_until_idle(dispatcher)
            wait_for(lambda: smtp.mailbox.snapshot(), timeout=10)
        finally:
            settings.smtp_host, settings.smtp_port = saved
        [mail] = smtp.mailbox.snapshot()
    assert mail.recipients == ["it-tuki@example.org"]
    text = mail.text
    assert receiver.url in text and "410" in text
    assert f"/v1/webhooks/{hook['id']}" in text
