"""Creating an event asks the database nothing that cannot matter for a new event, builds its
public view once from what it wrote, and appends the audit chain in two statements; the
event still gets its reminder rows, links and notification (counts of statements, no timings).
"""

from tests.support.statements import statements


def touching(seen: list[str], table: str, verb: str) -> list[str]:
    return [s for s in seen if table in s and s.lstrip().upper().startswith(verb)]


async def test_a_create_runs_no_statement_that_does_nothing(coordinator, network, partner):
    body = {
        "network_id": network["id"],
        "title": "Ohjausryhmän kokous",
        "start": "2027-10-05T09:00:00",
        "rrule": "FREQ=MONTHLY;COUNT=3",
        "reminders": [{"offset": "-P1D"}],
    }
    with statements() as seen:
        created = await coordinator.create("/v1/events", body)
    for table in ("occurrence_overrides", "reminders", "preparations", "event_partners"):
        assert touching(seen, table, "SELECT") == [], table
    assert [s for s in seen if s.lstrip().upper().startswith(("DELETE", "PRAGMA"))] == []
    assert touching(seen, "event_partners", "INSERT") == []  # no partners given
    assert len([s for s in seen if "audit_" in s]) == 2, [s for s in seen if "audit_" in s]
    # The whole create: the network, the event, its reminder rows, the notification, the
    # audit chain's two, and one for the change stamp (on PostgreSQL with the outbox position
    # and the notifications' stamp: no separate UPDATE of notifications after their INSERT).
    assert len(seen) == 7, seen
    assert [s for s in seen if s.lstrip().upper().startswith("UPDATE NOTIFICATIONS")] == []
    assert len([s for s in seen if "change_stamps" in s]) == 1
    # Nothing of it is missing: the reminder rows, the view and the notification.
    reminders = await coordinator.get("/v1/reminders", params={"source_id": created["id"]})
    assert reminders.status_code == 200
    assert len(reminders.json()["data"]) == 3
    assert created["partner_ids"] == [] and created["orphaned_recurrence_ids"] == []
    assert created["reminders"][0]["offset"] == "-P1D"
    shown = await coordinator.get(f"/v1/events/{created['id']}")
    assert shown.json() == created

    with_partner = await coordinator.create(
        "/v1/events", {**body, "title": "Kumppanin kokous", "partner_ids": [partner["id"]]}
    )
    assert with_partner["partner_ids"] == [partner["id"]]
    shown = await coordinator.get(f"/v1/events/{with_partner['id']}")
    assert shown.json()["partner_ids"] == [partner["id"]]


async def test_a_read_asks_for_links_and_overrides_in_one_query(coordinator, network):
    created = await coordinator.create(
        "/v1/events",
        {"network_id": network["id"], "title": "Sarja", "start": "2027-10-05T09:00:00",
         "rrule": "FREQ=WEEKLY;COUNT=4"},
    )  # fmt: skip
    url = f"/v1/events/{created['id']}"
    r = await coordinator.put(f"{url}/occurrences/2027-10-12T09:00:00", {"title": "Siirretty"})
    assert r.status_code == 200, r.text
    r = await coordinator.patch(url, {"rrule": "FREQ=WEEKLY;COUNT=1"})
    assert r.status_code == 200, r.text
    assert r.json()["orphaned_recurrence_ids"] == ["2027-10-12T09:00:00"]
    # The first read after the change builds the view: links and overrides in one query.
    with statements() as seen:
        shown = await coordinator.get(url)
    assert shown.json()["orphaned_recurrence_ids"] == ["2027-10-12T09:00:00"]
    assert len([s for s in seen if "occurrence_overrides" in s or "event_partners" in s]) == 1
    # The next one answers from the view cache: the network's stamp, nothing about the event.
    with statements() as seen:
        again = await coordinator.get(url)
    assert again.content == shown.content
    assert [s for s in seen if "events" in s or "occurrence_overrides" in s] == []
