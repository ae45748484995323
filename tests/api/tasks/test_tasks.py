"""Preparation templates and tasks: applied to a yearly seminar inside the planning horizon."""

from datetime import UTC, datetime

from app.core import clock
from tests.support.builders import seminar_with_plan
from tests.support.clock import frozen_clock_at
from tests.support.reminders import reminders_of

NOW = datetime(2026, 1, 15, 8, 0, tzinfo=UTC)


frozen_clock = frozen_clock_at(NOW)


async def test_applying_a_template_creates_tasks_inside_the_horizon(coordinator, network):
    event, prepared, person = await seminar_with_plan(coordinator, network)
    tasks = prepared["tasks"]
    # Only the 2026 seminar is inside the 400-day horizon from 15.1.2026.
    assert {t["recurrence_id"] for t in tasks} == {"2026-09-15T09:00:00"}
    assert [(t["title"], t["due"]) for t in tasks] == [
        ("Varaa tila", "2026-06-17T09:00:00+03:00"),
        ("Kutsu puhujat", "2026-07-17T09:00:00+03:00"),
        ("Lähetä kutsut", "2026-08-16T09:00:00+03:00"),
        ("Sulje ilmoittautuminen", "2026-09-05T09:00:00+03:00"),
        ("Lähetä materiaalit", "2026-09-12T09:00:00+03:00"),
        ("Palautekysely", "2026-09-16T09:00:00+03:00"),
        ("Julkaise yhteenveto", "2026-09-29T09:00:00+03:00"),
    ]
    assert {t["assignee_id"] for t in tasks} == {person["id"]}
    assert tasks[0]["role_hint"] == "koordinaattori"
    again = await coordinator.post(
        f"/v1/events/{event['id']}/preparation", {"template_id": prepared["template_id"]}
    )
    assert again.status_code == 409

    # A year on, the horizon job gives the 2027 seminar its tasks.
    from app.core.db.session import get_database
    from app.worker.jobs import extend_horizon

    with clock.freeze(datetime(2026, 10, 1, tzinfo=UTC)):
        await extend_horizon(get_database())
    listed = await coordinator.get("/v1/tasks", params={"event_id": event["id"], "limit": 50})
    rids = [t["recurrence_id"] for t in listed.json()["data"]]
    assert rids.count("2027-09-21T09:00:00") == 7
    assert rids.count("2026-09-15T09:00:00") == 7


async def test_tasks_are_listed_filtered_and_marked_done(coordinator, network):
    event, prepared, person = await seminar_with_plan(coordinator, network)
    first = prepared["tasks"][0]
    (reminder,) = await reminders_of(coordinator, source_id=first["id"])
    assert reminder["due_at"] == "2026-06-15T09:00:00+03:00"
    assert reminder["status"] == "scheduled"

    mine = await coordinator.get(
        "/v1/tasks", params={"assignee_id": person["id"], "due_to": "2026-08-01"}
    )
    assert [t["title"] for t in mine.json()["data"]] == ["Varaa tila", "Kutsu puhujat"]
    with clock.freeze(datetime(2026, 7, 1, tzinfo=UTC)):
        overdue = await coordinator.get(
            "/v1/tasks", params={"event_id": event["id"], "overdue": "true"}
        )
    assert [t["title"] for t in overdue.json()["data"]] == ["Varaa tila"]

    done = await coordinator.patch(f"/v1/tasks/{first['id']}", {"status": "done"})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "done" and done.json()["completed_at"]
    (reminder,) = await reminders_of(coordinator, source_id=first["id"])
    assert reminder["status"] == "cancelled"
    todo = await coordinator.get("/v1/tasks", params={"event_id": event["id"], "status": "todo"})
    assert len(todo.json()["data"]) == 6

    # Moving the seminar moves the open tasks, not the done one.
    moved = await coordinator.patch(
        f"/v1/events/{event['id']}",
        {"start": "2026-09-16T09:00:00", "rrule": "FREQ=YEARLY;BYMONTH=9;BYDAY=3WE"},
    )
    assert moved.status_code == 200, moved.text
    tasks = (await coordinator.get("/v1/tasks", params={"event_id": event["id"]})).json()["data"]
    dues = {t["title"]: t["due"] for t in tasks}
    assert dues["Varaa tila"] == "2026-06-17T09:00:00+03:00"
    assert dues["Kutsu puhujat"] == "2026-07-18T09:00:00+03:00"


async def test_overdue_tasks_are_announced_once(coordinator, network):
    await seminar_with_plan(coordinator, network)
    from app.core.db.session import get_database
    from app.worker.jobs import overdue_tasks

    with clock.freeze(datetime(2026, 6, 18, tzinfo=UTC)):
        assert await overdue_tasks(get_database()) >= 1
        assert await overdue_tasks(get_database()) == 0


async def test_templates_are_validated_and_scoped(coordinator, admin, anon, network):
    bad = await coordinator.post(
        "/v1/preparation-templates",
        {"network_id": network["id"], "name": "X", "tasks": [{"title": "Y", "offset": "P"}]},
    )
    assert bad.status_code == 422
    template = await coordinator.create(
        "/v1/preparation-templates",
        {"network_id": network["id"], "name": "X", "tasks": [{"title": "Y", "offset": "-P1D"}]},
    )
    other = await admin.create("/v1/networks", {"name": "Toinen verkosto"})
    outsider = await admin.client_for(anon, "coordinator", [other["id"]])
    assert (await outsider.get(f"/v1/preparation-templates/{template['id']}")).status_code == 404
    renamed = await coordinator.patch(
        f"/v1/preparation-templates/{template['id']}", {"name": "Uusi nimi"}
    )
    assert renamed.json()["name"] == "Uusi nimi"
    deleted = await coordinator.delete(f"/v1/preparation-templates/{template['id']}")
    assert deleted.status_code == 204
