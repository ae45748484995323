"""Deadlines, milestones and tasks in a feed, read by four independent parsers: each shows the
occurrences of /v1/occurrences (kinds deadline and milestone) and of /v1/tasks, with VALARMs
from the items' reminder rules."""

import uuid
from datetime import date, datetime, timedelta

import pytest

from app.core import clock
from app.feeds.deadlines import deadline_uid, milestone_uid, task_uid
from app.kernel.offsets import parse_offset
from tests.support.builders import feed_path, new_feed
from tests.support.ical_parsers import PARSERS, _stamp

NOW = datetime.fromisoformat("2026-01-15T08:00:00+00:00")
FROM, TO = "2026-01-01", "2029-01-01"
TITLE = "Talousarvion lausunto 🏛️: hyvinvointialueen ja kuntien yhteinen päätös, äänestys; öljy"


def seconds(offset: str) -> int:
    parsed = parse_offset(offset)
    return parsed.days * 86_400 + parsed.seconds


def alarms_of(rules: list[dict], cancelled: bool) -> tuple:
    """The VALARMs a client should show for these reminder rules (none when cancelled)."""
    if cancelled:
        return ()
    return tuple(sorted(("DISPLAY", seconds(r["offset"]), "START") for r in rules))


async def _deadline(api, network_id: str, **body) -> dict:
    return await api.create("/v1/deadlines", {"network_id": network_id, **body})


async def _decide(api, deadline: dict, rid: str, **body) -> None:
    r = await api.post(f"/v1/deadlines/{deadline['id']}/occurrences/{rid}/decision", body)
    assert r.status_code == 200, r.text


def _record_time(value: str) -> str:
    return value if len(value) == 10 else _stamp(datetime.fromisoformat(value))


def _local(value: str) -> str:
    return (
        value
        if len(value) == 10
        else datetime.fromisoformat(value).replace(tzinfo=None).isoformat()
    )


def _exclusive_end(start: str, end: str) -> str:
    """An all-day item's DTEND is the day after (RFC 5545 exclusive end); the API's `end` is
    the due date itself."""
    if len(end) == 10:
        return (date.fromisoformat(start) + timedelta(days=1)).isoformat()
    return _record_time(end)


async def _occurrences(api, network_id: str, kind: str) -> list[dict]:
    found, cursor = [], None
    while True:
        params = {"network_id": network_id, "from": FROM, "to": TO, "kind": kind, "limit": 500}
        if cursor:
            params["cursor"] = cursor
        page = (await api.get("/v1/occurrences", params=params)).json()
        found += page["data"]
        cursor = page["next_cursor"]
        if not cursor:
            return found


async def expected_records(api, network_id: str, deadlines: list[dict]) -> list[tuple]:
    """What every parser must see, built from the API alone."""
    by_id = {d["id"]: d for d in deadlines}
    records = []
    for o in await _occurrences(api, network_id, "deadline"):
        cancelled = o["status"] == "cancelled"
        records.append(
            (
                deadline_uid(o["deadline_id"]),
                o["recurrence_id"],
                _record_time(o["start"]),
                _exclusive_end(o["start"], o["end"]),
                "CANCELLED" if cancelled else "CONFIRMED",
                o["title"],
                alarms_of(by_id[o["deadline_id"]]["reminders"], cancelled),
            )
        )
    for o in await _occurrences(api, network_id, "milestone"):
        milestones = by_id[o["deadline_id"]]["milestones"]
        index = [m["name"] for m in milestones].index(o["name"])
        cancelled = o["status"] == "cancelled"
        records.append(
            (
                milestone_uid(o["deadline_id"], index, o["recurrence_id"]),
                _local(o["start"]),  # a milestone is a single VEVENT at its own time
                _record_time(o["start"]),
                _exclusive_end(o["start"], o["end"]),
                "CANCELLED" if cancelled else "CONFIRMED",
                f"{o['name']}: {o['title']}",
                alarms_of(milestones[index].get("reminders", []), cancelled),
            )
        )
    tasks = await api.get("/v1/tasks", params={"network_id": network_id, "limit": 500})
    assert tasks.json()["next_cursor"] is None
    for t in tasks.json()["data"]:
        start = _record_time(t["due"])
        records.append(
            (
                task_uid(t["id"]),
                _local(t["due"]),
                start,
                start,
                "CANCELLED" if t["status"] == "skipped" else "CONFIRMED",
                ("✓ " if t["status"] == "done" else "") + t["title"],
                alarms_of(t["reminders"], t["status"] != "todo"),
            )
        )
    return sorted(r for r in records if FROM <= r[2][:10] < TO)


@pytest.fixture(scope="module")
async def wheel(admin, anon):
    """Deadlines across the Helsinki DST weeks, all-day ones, decisions and tasks, in a feed
    with alarms on; the clock is frozen at 15.1.2026 while it is built and read."""
    with clock.freeze(NOW):
        network = await admin.create("/v1/networks", {"name": f"Savo {uuid.uuid4().hex[:6]}"})
        nid = network["id"]
        spring = await _deadline(
            admin,
            nid,
            title=TITLE,
            description="Lausunto annetaan hyvinvointilautakunnalle 📄, ks. liite; kiitos!",
            decision_body="Aluehallitus",
            # 2026-03-29 is the first day of summer time in Helsinki.
            due="2026-03-29T10:00:00",
            rrule="FREQ=YEARLY;COUNT=4",
            milestones=[
                {"name": "Valmistelu alkaa", "offset": "-P7D",
                 "reminders": [{"offset": "-PT1H"}]},
                # 36 h before 10:00 EEST crosses the switch: 21:00 EET two days before.
                {"name": "Lapsivaikutusten arviointi valmis ✅", "offset": "-PT36H",
                 "reminders": [{"offset": "-P1D"}, {"offset": "PT30M"}]},
            ],
            reminders=[{"offset": "-P1D"}, {"offset": "-PT2H"}],
        )  # fmt: skip
        await _decide(
            admin, spring, "2027-03-29T10:00:00", outcome="postponed",
            new_due="2027-04-07T13:00:00",
        )  # fmt: skip
        await _decide(admin, spring, "2028-03-29T10:00:00", outcome="cancelled")
        await _decide(admin, spring, "2026-03-29T10:00:00", outcome="decided", summary="Hyväksytty")
        autumn = await _deadline(
            admin,
            nid,
            title="Lautakunnan päätös (syksy)",
            # 2026-10-25 is the last day of summer time: 09:00 is EET again.
            due="2026-10-25T09:00:00",
            rrule="FREQ=YEARLY;COUNT=3",
            milestones=[
                {"name": "Esityslista", "offset": "-P2D", "reminders": [{"offset": "-PT4H"}]},
                {"name": "Lausunnot", "offset": "-PT36H"},
            ],
            reminders=[{"offset": "-P1W"}],
        )
        all_day = await _deadline(
            admin,
            nid,
            title="Hakemukset jätettävä, avustushaku 💶",
            due="2026-05-15",
            rrule="FREQ=YEARLY;COUNT=3",
            milestones=[{"name": "Ilmoitus", "offset": "-P1W", "reminders": [{"offset": "-P1D"}]}],
            reminders=[{"offset": "-P2D"}],
        )
        single = await _deadline(admin, nid, title="Selvitys valmis", due="2026-06-30")
        await _decide(admin, single, "2026-06-30", outcome="cancelled")
        tasks = await _prepared_tasks(admin, nid)
        r = await admin.patch(f"/v1/tasks/{tasks[0]['id']}", {"status": "done"})
        assert r.status_code == 200, r.text
        r = await admin.patch(f"/v1/tasks/{tasks[1]['id']}", {"status": "skipped"})
        assert r.status_code == 200, r.text
        feed = await new_feed(admin, nid, include_tasks=True, alarms=True)
        body = (await anon.get(feed_path(feed))).content
        deadlines = [
            (await admin.get(f"/v1/deadlines/{d['id']}")).json()
            for d in (spring, autumn, all_day, single)
        ]
        expected = await expected_records(admin, nid, deadlines)
    return {"ics": body, "expected": expected, "spring": spring, "all_day": all_day}


async def _prepared_tasks(api, network_id: str) -> list[dict]:
    event = await api.create(
        "/v1/events",
        {
            "network_id": network_id,
            "title": "Hyvinvoinnin tilannekuvaseminaari",
            "start": "2026-09-15T09:00:00",
            "end": "2026-09-15T15:30:00",
            "rrule": "FREQ=YEARLY;BYMONTH=9;BYDAY=3TU",
        },
    )
    template = await api.create(
        "/v1/preparation-templates",
        {
            "network_id": network_id,
            "name": "Seminaarin valmistelu",
            "tasks": [
                {"title": "Varaa tila", "offset": "-P90D", "role_hint": "koordinaattori"},
                {"title": "Kutsu puhujat", "offset": "-P60D"},
                {"title": "Lähetä kutsut 📨", "offset": "-P30D",
                 "reminders": [{"offset": "-PT3H"}]},
                {"title": "Palautekysely", "offset": "P1D"},
            ],
            "reminders": [{"offset": "-P2D", "recipients": {"assignee": True}}],
        },
    )  # fmt: skip
    prepared = await api.create(
        f"/v1/events/{event['id']}/preparation", {"template_id": template["id"]}
    )
    return prepared["tasks"]


def _ours(records: list[tuple]) -> list[tuple]:
    return [r for r in records if r[0].startswith(("deadline-", "task-"))]


async def test_api_has_every_case(wheel):
    expected = wheel["expected"]
    spring = deadline_uid(wheel["spring"]["id"])
    by_rid = {r[1]: r for r in expected if r[0] == spring}
    # The DST switch: 10:00 EET is 08:00Z, 10:00 EEST 07:00Z; 2026-03-29 is already EEST.
    assert by_rid["2026-03-29T10:00:00"][2] == "2026-03-29T07:00:00Z"
    assert by_rid["2027-03-29T10:00:00"][2] == "2027-04-07T10:00:00Z"  # postponed
    assert by_rid["2028-03-29T10:00:00"][4] == "CANCELLED"
    assert by_rid["2028-03-29T10:00:00"][6] == ()
    assert by_rid["2026-03-29T10:00:00"][6] == (
        ("DISPLAY", -86_400, "START"), ("DISPLAY", -7_200, "START"),
    )  # fmt: skip
    all_day = deadline_uid(wheel["all_day"]["id"])
    assert [(r[2], r[3]) for r in expected if r[0] == all_day] == [
        ("2026-05-15", "2026-05-16"), ("2027-05-15", "2027-05-16"), ("2028-05-15", "2028-05-16"),
    ]  # fmt: skip
    titles = {r[5] for r in expected}
    assert "✓ Varaa tila" in titles and "Lapsivaikutusten arviointi valmis ✅: " + TITLE in titles
    assert {r[4] for r in expected if r[0].startswith("task-")} == {"CONFIRMED", "CANCELLED"}
    assert any(r[6] == (("DISPLAY", -172_800, "START"), ("DISPLAY", -10_800, "START"))
               for r in expected)  # template + task reminders  # fmt: skip
    # -PT36H before 2026-10-25 09:00 EET (07:00Z): 2026-10-23 19:00Z, across the switch.
    assert any(r[2] == "2026-10-23T19:00:00Z" for r in expected)
    assert any(r[1:3] == ("2026-10-25T09:00:00", "2026-10-25T07:00:00Z") for r in expected)
    assert len(expected) > 25


@pytest.mark.parametrize("parser", sorted(PARSERS))
async def test_parser_sees_deadlines_milestones_tasks_and_alarms(wheel, parser):
    seen = _ours(PARSERS[parser](wheel["ics"], FROM, TO, alarms=True))
    expected = wheel["expected"]
    missing = sorted(set(expected) - set(seen))
    extra = sorted(set(seen) - set(expected))
    assert not missing and not extra, {"missing": missing[:4], "extra": extra[:4]}
    assert seen == expected


def test_icalendar_validates(wheel):
    import icalendar

    calendar = icalendar.Calendar.from_ical(wheel["ics"])
    assert not calendar.errors
    for component in calendar.walk():
        assert not component.errors, component.errors
        if hasattr(component, "validate"):
            component.validate()
    alarms = calendar.walk("VALARM")
    assert alarms and all(a["ACTION"] == "DISPLAY" and a.get("DESCRIPTION") for a in alarms)
    assert b"@" not in b"".join(a.to_ical() for a in alarms)  # no attendee addresses
