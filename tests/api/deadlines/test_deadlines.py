"""Decision deadlines: milestones, decisions, the merged timeline, and their reminders."""

from datetime import UTC, datetime

from tests.support.clock import frozen_clock_at
from tests.support.reminders import reminders_of

NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


frozen_clock = frozen_clock_at(NOW)


def budget_deadline(network: dict, **extra) -> dict:
    return {
        "network_id": network["id"],
        "title": "Talousarvio 2027",
        "decision_body": "Kunnanvaltuusto",
        "due": "2026-11-30T18:00:00",
        "milestones": [
            {"name": "Valmistelu alkaa", "offset": "-P60D"},
            {
                "name": "Lapsivaikutusten arviointi valmis",
                "offset": "-P21D",
                "reminders": [{"offset": "-P7D"}],
            },
        ],
        "reminders": [{"offset": "-P14D"}, {"offset": "-PT2H"}],
        **extra,
    }


async def test_deadline_with_milestones_is_on_the_wheel(coordinator, network):
    deadline = await coordinator.create("/v1/deadlines", budget_deadline(network))
    assert deadline["due"] == "2026-11-30T18:00:00+02:00"
    assert deadline["milestones"][1]["reminders"][0]["offset"] == "-P7D"

    response = await coordinator.get(
        "/v1/occurrences",
        params={"network_id": network["id"], "from": "2026-09-01", "to": "2027-01-01"},
    )
    assert response.status_code == 200, response.text
    items = [(i["kind"], i["start"], i["status"]) for i in response.json()["data"]]
    assert items == [
        # 60 calendar days before 30.11. 18:00 is 1.10. 18:00 summer time.
        ("milestone", "2026-10-01T18:00:00+03:00", "open"),
        ("milestone", "2026-11-09T18:00:00+02:00", "open"),
        ("deadline", "2026-11-30T18:00:00+02:00", "open"),
    ]
    only = await coordinator.get(
        "/v1/occurrences", params={"network_id": network["id"], "kind": "deadline"}
    )
    assert [i["kind"] for i in only.json()["data"]] == ["deadline"]

    rows = await reminders_of(coordinator, source_id=deadline["id"])
    assert [(r["source_type"], r["rule_key"], r["due_at"]) for r in rows] == [
        ("milestone", "m1.r0", "2026-11-02T18:00:00+02:00"),
        ("deadline", "r0", "2026-11-16T18:00:00+02:00"),
        ("deadline", "r1", "2026-11-30T16:00:00+02:00"),
    ]


async def test_recurring_deadline_decisions(coordinator, network):
    deadline = await coordinator.create(
        "/v1/deadlines", budget_deadline(network, rrule="FREQ=YEARLY")
    )
    base = f"/v1/deadlines/{deadline['id']}/occurrences"

    decided = await coordinator.post(
        f"{base}/2027-11-30T18:00:00/decision",
        {"outcome": "decided", "summary": "Hyväksyttiin", "reference_url": "https://example.fi/p"},
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["outcome"] == "decided"
    postponed = await coordinator.post(
        f"{base}/2026-11-30T18:00:00/decision",
        {"outcome": "postponed", "new_due": "2026-12-14T18:00:00"},
    )
    assert postponed.status_code == 200, postponed.text

    listed = await coordinator.get(base, params={"from": "2026-09-01", "to": "2028-01-01"})
    assert [(o["start"], o["status"]) for o in listed.json()["data"]] == [
        ("2026-12-14T18:00:00+02:00", "postponed"),
        ("2027-11-30T18:00:00+02:00", "decided"),
    ]
    rows = await reminders_of(coordinator, source_id=deadline["id"], source_type="deadline")
    # Postponed: the reminders follow the new due time.
    assert {(r["recurrence_id"], r["status"], r["due_at"]) for r in rows} == {
        ("2026-11-30T18:00:00", "scheduled", "2026-11-30T18:00:00+02:00"),
        ("2026-11-30T18:00:00", "scheduled", "2026-12-14T16:00:00+02:00"),
    }
    # Decided: nothing more to remind of.
    await coordinator.post(f"{base}/2026-11-30T18:00:00/decision", {"outcome": "decided"})
    rows = await reminders_of(coordinator, source_id=deadline["id"], source_type="deadline")
    assert {r["status"] for r in rows} == {"cancelled"}

    notifications = await coordinator.get(
        "/v1/notifications",
        params={"network_id": network["id"], "types": "fi.vuosikello.deadline.*"},
    )
    if notifications.status_code == 200:  # the feed lives in app/notifications
        types = [n["type"] for n in notifications.json()["data"]]
        assert types.count("fi.vuosikello.deadline.decided") == 3


async def test_deadline_input_is_validated(coordinator, network):
    bad = await coordinator.post(
        "/v1/deadlines", budget_deadline(network, reminders=[{"offset": "14 days"}])
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"].startswith("reminders")
    deadline = await coordinator.create("/v1/deadlines", budget_deadline(network))
    wrong = await coordinator.post(
        f"/v1/deadlines/{deadline['id']}/occurrences/2026-11-30T18:00:00/decision",
        {"outcome": "decided", "new_due": "2026-12-01T18:00:00"},
    )
    assert wrong.status_code == 422
    missing = await coordinator.post(
        f"/v1/deadlines/{deadline['id']}/occurrences/2026-12-30T18:00:00/decision",
        {"outcome": "decided"},
    )
    assert missing.status_code == 404


async def test_moving_a_deadline_moves_its_reminders(coordinator, network):
    deadline = await coordinator.create("/v1/deadlines", budget_deadline(network))
    response = await coordinator.patch(
        f"/v1/deadlines/{deadline['id']}", {"due": "2026-12-07T18:00:00"}
    )
    assert response.status_code == 200, response.text
    rows = await reminders_of(coordinator, source_id=deadline["id"], source_type="deadline")
    assert [r["due_at"] for r in rows] == [
        "2026-11-23T18:00:00+02:00",
        "2026-12-07T16:00:00+02:00",
    ]
    other = await coordinator.get("/v1/deadlines", params={"network_id": network["id"]})
    assert [d["id"] for d in other.json()["data"]] == [deadline["id"]]
    assert (await coordinator.delete(f"/v1/deadlines/{deadline['id']}")).status_code == 204
    assert await reminders_of(coordinator, source_id=deadline["id"]) == []
