"""A group reminder is delivered per recipient (issue 16, bug 4): an address the SMTP server
refuses fails alone and is reported on the reminder, a temporary failure is retried for that
recipient only, and nobody gets a second copy."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from app.core import clock
from tests.support.reminders import dispatch, reminders_of
from tests.support.smtp import SmtpServer

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
DUE = datetime(2026, 3, 4, 7, 0, tzinfo=UTC)  # the -P1D reminder of 09:00 on 5.3. is due
ADDRESSES = ["anna@example.fi", "bertta@example.fi", "cecilia@example.fi", "doris@example.fi"]


@pytest.fixture(autouse=True)
def frozen_clock():
    with clock.freeze(NOW):
        yield


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


async def group_reminder(api, network: dict) -> tuple[dict, dict[str, str]]:
    """An email reminder to a group of four; returns the event and person id by address."""
    partner = await api.create(
        "/v1/partners", {"network_id": network["id"], "name": "Kunta", "kind": "other"}
    )
    group = await api.create(
        "/v1/groups", {"network_id": network["id"], "name": "LAPE", "kind": "steering_group"}
    )
    people = {}
    for address in ADDRESSES:
        name = address.split("@")[0].title()
        person = await api.create(
            "/v1/people", {"partner_id": partner["id"], "name": name, "email": address}
        )
        await api.create(f"/v1/groups/{group['id']}/members", {"person_id": person["id"]})
        people[address] = person["id"]
    event = await api.create(
        "/v1/events",
        {
            "network_id": network["id"],
            "title": "Ohjausryhmä",
            "start": "2026-03-05T09:00:00",
            "reminders": [
                {
                    "offset": "-P1D",
                    "channels": ["email", "notification"],
                    "recipients": {"group_ids": [group["id"]]},
                }
            ],
        },
    )
    return event, people


def copies(smtp: SmtpServer) -> Counter:
    return Counter(r for m in smtp.mailbox.snapshot() for r in m.recipients)


async def test_a_refused_address_fails_alone_and_is_reported(coordinator, network, smtp):
    event, people = await group_reminder(coordinator, network)
    bad = ADDRESSES[1]  # not the last: the ones after it must still get theirs
    smtp.mailbox.refused.add(bad)
    settings = {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "reminder_retry_seconds": 60}
    for minutes in (0, 5, 10):  # later ticks find nothing left to send
        with clock.freeze(DUE + timedelta(minutes=minutes)):
            await dispatch(**settings)
    assert copies(smtp) == Counter({a: 1 for a in ADDRESSES if a != bad})
    (row,) = await reminders_of(coordinator, source_id=event["id"])
    assert row["status"] == "sent" and row["attempts"] == 1
    outcomes = {d["person_id"]: d for d in row["deliveries"]}
    assert outcomes[people[bad]]["status"] == "refused"
    assert outcomes[people[bad]]["last_error"] == "550 no such user"
    assert bad not in row["last_error"]  # the reply, not the address
    assert "1 of 4" in row["last_error"] and people[bad] in row["last_error"]
    for address in ADDRESSES:
        if address != bad:
            assert outcomes[people[address]]["status"] == "accepted"
            assert outcomes[people[address]]["accepted_at"] is not None
    # The single-reminder view says the same.
    single = await coordinator.get(f"/v1/reminders/{row['id']}")
    assert single.json()["deliveries"] == row["deliveries"]


async def test_a_retry_goes_only_to_those_not_yet_accepted(coordinator, network, smtp):
    event, people = await group_reminder(coordinator, network)
    busy, bad = ADDRESSES[0], ADDRESSES[2]
    smtp.mailbox.deferred[busy] = 1  # 451 once, then accepted
    smtp.mailbox.refused.add(bad)
    settings = {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "reminder_retry_seconds": 60}
    with clock.freeze(DUE):
        await dispatch(**settings)
    assert copies(smtp) == Counter({ADDRESSES[1]: 1, ADDRESSES[3]: 1})
    (row,) = await reminders_of(coordinator, source_id=event["id"])
    assert row["status"] == "scheduled" and row["attempts"] == 1
    outcomes = {d["person_id"]: d["status"] for d in row["deliveries"]}
    assert outcomes[people[busy]] == "retrying" and outcomes[people[bad]] == "refused"
    with clock.freeze(DUE + timedelta(minutes=2)):  # past the retry delay
        await dispatch(**settings)
    with clock.freeze(DUE + timedelta(minutes=10)):
        await dispatch(**settings)
    assert copies(smtp) == Counter({a: 1 for a in ADDRESSES if a != bad})
    (row,) = await reminders_of(coordinator, source_id=event["id"])
    assert row["status"] == "sent" and row["attempts"] == 2
    outcomes = {d["person_id"]: (d["status"], d["attempts"]) for d in row["deliveries"]}
    assert outcomes[people[busy]] == ("accepted", 2)
    assert outcomes[people[bad]] == ("refused", 1)
    assert outcomes[people[ADDRESSES[1]]] == ("accepted", 1)


async def test_every_address_refused_fails_the_reminder(coordinator, network, smtp):
    event, _ = await group_reminder(coordinator, network)
    smtp.mailbox.refused.update(ADDRESSES)
    with clock.freeze(DUE):
        await dispatch(smtp_host="127.0.0.1", smtp_port=smtp.port)
    assert copies(smtp) == Counter()
    (row,) = await reminders_of(coordinator, source_id=event["id"])
    assert row["status"] == "failed" and "4 of 4" in row["last_error"]
    assert {d["status"] for d in row["deliveries"]} == {"refused"}
