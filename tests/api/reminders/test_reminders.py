"""Reminders of events: materialised rows, DST, moves, cancellations, firing and email."""

from datetime import UTC, datetime, timedelta

import pytest

from app.core import clock
from tests.support.clock import frozen_clock_at
from tests.support.reminders import dispatch, reminders_of
from tests.support.smtp import SmtpServer

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


frozen_clock = frozen_clock_at(NOW)


@pytest.fixture(scope="module")
def smtp():
    with SmtpServer() as server:
        yield server


def morning_series(network: dict, start: str, **extra) -> dict:
    return {
        "network_id": network["id"],
        "title": "Aamukokous",
        "start": start,
        "end": start[:11] + "10:00:00",
        "rrule": "FREQ=DAILY;COUNT=4",
        "reminders": [{"offset": "-P1D"}, {"offset": "-PT2H"}, {"offset": "-PT8H"}],
        **extra,
    }


def dues(rows: list[dict], rule_key: str) -> dict[str, str]:
    return {r["recurrence_id"]: r["due_at"] for r in rows if r["rule_key"] == rule_key}


async def test_dst_spring_forward_2026_03_29(coordinator, network):
    event = await coordinator.create("/v1/events", morning_series(network, "2026-03-28T09:00:00"))
    rows = await reminders_of(coordinator, source_id=event["id"])
    # Day offsets are calendar days: 09:00 the day before, whatever the offset that day.
    assert dues(rows, "r0") == {
        "2026-03-28T09:00:00": "2026-03-27T09:00:00+02:00",
        "2026-03-29T09:00:00": "2026-03-28T09:00:00+02:00",
        "2026-03-30T09:00:00": "2026-03-29T09:00:00+03:00",
        "2026-03-31T09:00:00": "2026-03-30T09:00:00+03:00",
    }
    # Hours are exact: 8 h before 09:00 EEST on the 29th is 00:00 EET (the night lost an hour).
    assert dues(rows, "r2")["2026-03-29T09:00:00"] == "2026-03-29T00:00:00+02:00"
    assert dues(rows, "r1")["2026-03-29T09:00:00"] == "2026-03-29T07:00:00+03:00"
    # And it fires at exactly that instant, not a second before.
    due = datetime(2026, 3, 28, 6, 0, tzinfo=UTC)  # 2026-03-29T09:00+03:00 minus 1 day
    with clock.freeze(datetime(2026, 3, 29, 3, 59, 59, tzinfo=UTC)):
        await dispatch()
    rows = await reminders_of(coordinator, source_id=event["id"], status="sent")
    assert ("2026-03-30T09:00:00", "r0") not in {(r["recurrence_id"], r["rule_key"]) for r in rows}
    with clock.freeze(datetime(2026, 3, 29, 6, 0, tzinfo=UTC)):
        await dispatch()
    sent = await reminders_of(coordinator, source_id=event["id"], status="sent")
    assert ("2026-03-30T09:00:00", "r0") in {(r["recurrence_id"], r["rule_key"]) for r in sent}
    assert due < datetime(2026, 3, 29, 6, 0, tzinfo=UTC)


async def test_dst_fall_back_2026_10_25(coordinator, network):
    with clock.freeze(datetime(2026, 10, 1, tzinfo=UTC)):
        event = await coordinator.create(
            "/v1/events", morning_series(network, "2026-10-24T09:00:00")
        )
        rows = await reminders_of(coordinator, source_id=event["id"])
    assert dues(rows, "r0") == {
        "2026-10-24T09:00:00": "2026-10-23T09:00:00+03:00",
        "2026-10-25T09:00:00": "2026-10-24T09:00:00+03:00",
        "2026-10-26T09:00:00": "2026-10-25T09:00:00+02:00",
        "2026-10-27T09:00:00": "2026-10-26T09:00:00+02:00",
    }
    # 8 exact hours before 09:00 EET on the 25th crosses the repeated hour: 02:00 EEST.
    assert dues(rows, "r2")["2026-10-25T09:00:00"] == "2026-10-25T02:00:00+03:00"
    assert dues(rows, "r1")["2026-10-25T09:00:00"] == "2026-10-25T07:00:00+02:00"


async def test_moving_an_event_moves_reminders_and_tasks_in_one_transaction(coordinator, network):
    event = await coordinator.create(
        "/v1/events",
        {
            "network_id": network["id"],
            "title": "Tilannekuvaseminaari",
            "start": "2026-09-15T09:00:00",
            "end": "2026-09-15T15:00:00",
            "reminders": [{"offset": "-P14D"}],
        },
    )
    template = await coordinator.create(
        "/v1/preparation-templates",
        {
            "network_id": network["id"],
            "name": "Seminaari",
            "tasks": [{"title": "Varaa tila", "offset": "-P90D"}],
            "reminders": [{"offset": "-P1D"}],
        },
    )
    prepared = await coordinator.create(
        f"/v1/events/{event['id']}/preparation", {"template_id": template["id"]}
    )
    (task,) = prepared["tasks"]
    assert task["due"] == "2026-06-17T09:00:00+03:00"

    # A request that fails half-way (the new start is no occurrence of the new rule) rolls
    # back everything: reminders and tasks stay where they were.
    failed = await coordinator.patch(
        f"/v1/events/{event['id']}",
        {"start": "2026-09-16T09:00:00", "rrule": "FREQ=YEARLY;BYMONTH=9;BYDAY=3TU"},
    )
    assert failed.status_code == 422
    (reminder,) = await reminders_of(coordinator, source_id=event["id"])
    assert reminder["due_at"] == "2026-09-01T09:00:00+03:00"

    moved = await coordinator.patch(
        f"/v1/events/{event['id']}",
        {"start": "2026-09-22T09:00:00", "end": "2026-09-22T15:00:00"},
    )
    assert moved.status_code == 200, moved.text
    (reminder,) = await reminders_of(coordinator, source_id=event["id"])
    assert reminder["due_at"] == "2026-09-08T09:00:00+03:00"
    (task,) = (await coordinator.get("/v1/tasks", params={"event_id": event["id"]})).json()["data"]
    assert task["due"] == "2026-06-24T09:00:00+03:00"
    (task_reminder,) = await reminders_of(coordinator, source_id=task["id"])
    assert task_reminder["due_at"] == "2026-06-23T09:00:00+03:00"


async def test_cancelling_an_occurrence_cancels_its_reminders(coordinator, network):
    event = await coordinator.create("/v1/events", morning_series(network, "2026-04-06T09:00:00"))
    url = f"/v1/events/{event['id']}/occurrences/2026-04-07T09:00:00"
    assert (await coordinator.delete(url)).status_code == 200
    rows = await reminders_of(coordinator, source_id=event["id"])
    statuses = {(r["recurrence_id"], r["status"]) for r in rows}
    assert ("2026-04-07T09:00:00", "cancelled") in statuses
    assert ("2026-04-07T09:00:00", "scheduled") not in statuses
    assert ("2026-04-08T09:00:00", "scheduled") in statuses

    # Nothing cancelled fires.
    with clock.freeze(datetime(2026, 4, 7, 7, 0, tzinfo=UTC)):
        await dispatch()
    rows = await reminders_of(coordinator, source_id=event["id"])
    assert not [r for r in rows if r["recurrence_id"] == "2026-04-07T09:00:00" and r["sent_at"]]

    # Restoring the occurrence brings back the reminders still ahead.
    with clock.freeze(datetime(2026, 4, 5, tzinfo=UTC)):
        assert (await coordinator.put(url, {})).status_code == 200
        rows = await reminders_of(coordinator, source_id=event["id"], status="scheduled")
    assert {r["rule_key"] for r in rows if r["recurrence_id"] == "2026-04-07T09:00:00"} == {
        "r0",
        "r1",
        "r2",
    }


async def test_late_reminders_are_skipped_not_sent(coordinator, network):
    event = await coordinator.create(
        "/v1/events",
        {
            "network_id": network["id"],
            "title": "Myöhässä",
            "start": "2026-03-10T09:00:00",
            "reminders": [{"offset": "-P1D"}, {"offset": "-PT1H"}],
        },
    )
    # The worker was down: at 09:30 local the -P1D reminder is a day late, -PT1H 90 min.
    with clock.freeze(datetime(2026, 3, 10, 7, 30, tzinfo=UTC)):
        await dispatch()
    rows = {r["rule_key"]: r for r in await reminders_of(coordinator, source_id=event["id"])}
    assert rows["r0"]["status"] == "skipped"
    assert rows["r1"]["status"] == "sent"


async def test_email_reaches_the_right_people_in_their_language(admin, coordinator, network, smtp):
    partner = await coordinator.create(
        "/v1/partners", {"network_id": network["id"], "name": "Oulun kaupunki", "kind": "other"}
    )

    async def person(name: str, email: str | None, language: str = "fi") -> dict:
        body = {"partner_id": partner["id"], "name": name, "email": email, "language": language}
        return await coordinator.create("/v1/people", body)

    aino = await person("Aino Virtanen", "aino@example.fi")
    sven = await person("Sven Holm", "sven@example.fi", "sv")
    jane = await person("Jane Smith", "jane@example.com", "en")
    await person("Ei sähköpostia", None)
    former = await person("Entinen Jäsen", "former@example.fi")
    group = await coordinator.create(
        "/v1/groups", {"network_id": network["id"], "name": "LAPE", "kind": "steering_group"}
    )
    for member, end in ((sven, None), (former, "2026-02-01")):
        body = {"person_id": member["id"], "end": end}
        await coordinator.create(f"/v1/groups/{group['id']}/members", body)

    event = await coordinator.create(
        "/v1/events",
        {
            "network_id": network["id"],
            "title": "Ohjausryhmän kokous",
            "start": "2026-03-04T13:00:00",
            "reminders": [
                {
                    "offset": "-P2D",
                    "channels": ["email", "notification"],
                    "recipients": {
                        "group_ids": [group["id"]],
                        "person_ids": [aino["id"], jane["id"]],
                    },
                }
            ],
        },
    )
    smtp.mailbox.clear()
    with clock.freeze(datetime(2026, 3, 2, 11, 30, tzinfo=UTC)):
        await dispatch(smtp_host="127.0.0.1", smtp_port=smtp.port)
    mails = {m.recipients[0]: m for m in smtp.mailbox.snapshot()}
    assert sorted(mails) == ["aino@example.fi", "jane@example.com", "sven@example.fi"]
    assert all(len(m.recipients) == 1 for m in mails.values())
    fi, sv, en = mails["aino@example.fi"], mails["sven@example.fi"], mails["jane@example.com"]
    assert fi.message["Subject"] == "Muistutus: Ohjausryhmän kokous, ke 4.3.2026 klo 13.00"
    assert "Aikaa jäljellä: 1 päivä 23 tuntia 30 minuuttia" in fi.text
    assert f"/v1/events/{event['id']}" in fi.text
    assert sv.message["Subject"] == "Påminnelse: Ohjausryhmän kokous, ons 4.3.2026 kl. 13.00"
    assert "Tid kvar: 1 dag 23 timmar 30 minuter" in sv.text
    assert en.message["Subject"] == "Reminder: Ohjausryhmän kokous, Wed 4.3.2026 at 13:00"
    (row,) = await reminders_of(coordinator, source_id=event["id"])
    assert row["status"] == "sent" and row["attempts"] == 1
    assert fi.reminder_id == row["id"]
    # The list answers "what reaches this person": directly, or through a group.
    for person in (aino, sven):
        rows = await reminders_of(coordinator, person_id=person["id"])
        assert [r["id"] for r in rows] == [row["id"]]
    assert await reminders_of(coordinator, person_id=former["id"], status="scheduled") == []


async def test_failed_email_is_retried_then_recorded_as_failed(coordinator, network):
    partner = await coordinator.create(
        "/v1/partners", {"network_id": network["id"], "name": "Kunta", "kind": "other"}
    )
    person = await coordinator.create(
        "/v1/people", {"partner_id": partner["id"], "name": "A", "email": "a@example.fi"}
    )
    event = await coordinator.create(
        "/v1/events",
        {
            "network_id": network["id"],
            "title": "Kokous",
            "start": "2026-03-05T09:00:00",
            "reminders": [
                {
                    "offset": "-P1D",
                    "channels": ["email"],
                    "recipients": {"partner_ids": [partner["id"]]},
                }
            ],
        },
    )
    assert person["email"]
    at = datetime(2026, 3, 4, 7, 0, tzinfo=UTC)
    settings = {"smtp_host": "127.0.0.1", "smtp_port": 9, "reminder_retry_seconds": 60}
    for attempt in range(3):
        with clock.freeze(at + timedelta(minutes=5 * attempt)):
            await dispatch(**settings)
        (row,) = await reminders_of(coordinator, source_id=event["id"])
        assert row["attempts"] == attempt + 1
    assert row["status"] == "failed"
    assert "Connection" in row["last_error"] or "Errno" in row["last_error"]


async def test_horizon_job_works_in_chunks_and_stops_between_them(coordinator, network):
    from app.core.db.session import get_database
    from app.worker.jobs import extend_horizon

    # Two events with rows, then five just beyond the 400-day horizon: none for these yet.
    for title in ("Kevätkokous", "Syyskokous"):
        await coordinator.create(
            "/v1/events",
            {"network_id": network["id"], "title": title, "start": "2026-04-01T09:00:00",
             "reminders": [{"offset": "-P1D"}]},
        )  # fmt: skip
    ids = []
    for index in range(5):
        event = await coordinator.create(
            "/v1/events",
            {
                "network_id": network["id"],
                "title": f"Vuosikokous {index}",
                "start": f"2027-04-{10 + index}T09:00:00",
                "reminders": [{"offset": "-P1D"}, {"offset": "-PT1H"}],
            },
        )
        ids.append(event["id"])

    async def with_rows() -> set[str]:
        rows = await reminders_of(coordinator, network_id=network["id"])
        rows = [r for r in rows if r["source_id"] in ids]
        assert all(len([r for r in rows if r["source_id"] == i]) in (0, 2) for i in ids)
        return {r["source_id"] for r in rows}

    assert await with_rows() == set()

    answers = iter([False, True])  # a worker told to stop while the first chunk runs
    with clock.freeze(datetime(2026, 6, 1, tzinfo=UTC)):
        # Items go oldest first, two per transaction: the run ends after its first chunk,
        # before the five newest events.
        assert await extend_horizon(get_database(), lambda: next(answers), chunk=2) == 2
        assert await with_rows() == set()
        total = await extend_horizon(get_database(), chunk=2)
        assert total >= 5
        assert await with_rows() == set(ids)
        before = await reminders_of(coordinator, network_id=network["id"])
        assert await extend_horizon(get_database(), chunk=2) == total
        assert await reminders_of(coordinator, network_id=network["id"]) == before


async def test_two_horizon_runs_at_once_write_each_row_once(coordinator, network):
    """Two workers start their horizon job together: both see an item without rows, and
    both insert them. Neither fails and no row is written twice."""
    import asyncio

    from app.core.db.session import get_database
    from app.worker.jobs import extend_horizon

    ids = []
    for index in range(3):
        event = await coordinator.create(
            "/v1/events",
            {"network_id": network["id"], "title": f"Hallitus {index}",
             "start": f"2027-04-{10 + index}T09:00:00", "rrule": "FREQ=WEEKLY",
             "reminders": [{"offset": "-P1D"}, {"offset": "-PT1H"}]},
        )  # fmt: skip
        ids.append(event["id"])
    assert await reminders_of(coordinator, network_id=network["id"]) == []
    with clock.freeze(datetime(2026, 6, 1, tzinfo=UTC)):
        await asyncio.gather(extend_horizon(get_database()), extend_horizon(get_database()))
        rows = await reminders_of(coordinator, network_id=network["id"])
    keys = [(r["source_id"], r["recurrence_id"], r["rule_key"]) for r in rows]
    assert len(keys) == len(set(keys)) > 0
    assert {r["source_id"] for r in rows} == set(ids)
