"""Deadlines, milestones and tasks in feeds: the same occurrences as /v1/occurrences."""

from datetime import UTC, datetime

import pytest

from app.feeds.deadlines import deadline_uid, milestone_uid
from tests.support.builders import feed_path, new_feed, seminar_with_plan
from tests.support.clock import frozen_clock_at
from tests.support.ical_parsers import PARSERS, _stamp

NOW = datetime(2026, 1, 15, 8, 0, tzinfo=UTC)
MILESTONES = [
    {"name": "Valmistelu alkaa", "offset": "-P2D"},
    {"name": "Lapsivaikutusten arviointi valmis", "offset": "-PT36H"},
]


frozen_clock = frozen_clock_at(NOW)


async def weekly_deadline(api, network, **extra) -> dict:
    # Weekly across the start of summer time in Helsinki (2027-03-28).
    body = {
        "network_id": network["id"],
        "title": "Lautakunnan päätös",
        "decision_body": "Hyvinvointilautakunta",
        "due": "2027-03-22T18:00:00",
        "rrule": "FREQ=WEEKLY;COUNT=4",
        "milestones": MILESTONES,
        **extra,
    }
    return await api.create("/v1/deadlines", body)


async def decide(api, deadline: dict, rid: str, **body) -> None:
    r = await api.post(f"/v1/deadlines/{deadline['id']}/occurrences/{rid}/decision", body)
    assert r.status_code == 200, r.text


async def api_deadline_records(api, network, deadlines: list[dict]) -> set[tuple]:
    by_id = {d["id"]: d for d in deadlines}
    records = set()
    for kind in ("deadline", "milestone"):
        params = {
            "network_id": network["id"],
            "from": "2027-01-01",
            "to": "2027-06-01",
            "kind": kind,
            "limit": 500,
        }
        page = (await api.get("/v1/occurrences", params=params)).json()
        assert page["next_cursor"] is None
        for o in page["data"]:
            assert o["kind"] == kind
            if kind == "deadline":
                uid = deadline_uid(o["deadline_id"])
            else:
                names = [m["name"] for m in by_id[o["deadline_id"]]["milestones"]]
                uid = milestone_uid(o["deadline_id"], names.index(o["name"]), o["recurrence_id"])
            status = "CANCELLED" if o["status"] == "cancelled" else "CONFIRMED"
            start = o["start"]
            start = start if len(start) == 10 else _stamp(datetime.fromisoformat(start))
            records.add((uid, start, status))
    return records


def feed_records(ics: bytes, parser: str) -> set[tuple]:
    return {
        (uid, start, status)
        for uid, _rid, start, _end, status, _title in PARSERS[parser](
            ics, "2027-01-01", "2027-06-01"
        )
        if uid.startswith("deadline-")
    }


@pytest.mark.parametrize("parser", sorted(PARSERS))
async def test_deadlines_and_milestones_match_occurrences(admin, anon, network, parser):
    deadline = await weekly_deadline(admin, network)
    await decide(admin, deadline, "2027-03-29T18:00:00", outcome="cancelled")
    await decide(
        admin, deadline, "2027-04-05T18:00:00", outcome="postponed", new_due="2027-04-07T10:00:00"
    )
    await decide(admin, deadline, "2027-03-22T18:00:00", outcome="decided", summary="Hyväksytty")
    all_day = await admin.create(
        "/v1/deadlines",
        {
            "network_id": network["id"],
            "title": "Hakemukset jätettävä",
            "due": "2027-02-15",
            "milestones": [{"name": "Ilmoitus", "offset": "-P1W"}],
        },
    )
    feed = await new_feed(admin, network["id"])
    r = await anon.get(feed_path(feed))
    assert r.status_code == 200
    expected = await api_deadline_records(admin, network, [deadline, all_day])
    got = feed_records(r.content, parser)
    assert got == expected
    # The DST week: 18:00 local is 16:00Z before 2027-03-28 and 15:00Z after.
    uid = deadline_uid(deadline["id"])
    assert (uid, "2027-03-22T16:00:00Z", "CONFIRMED") in got
    assert (uid, "2027-03-29T15:00:00Z", "CANCELLED") in got
    assert (uid, "2027-04-07T07:00:00Z", "CONFIRMED") in got  # postponed
    assert (uid, "2027-04-12T15:00:00Z", "CONFIRMED") in got
    # -PT36H before 2027-03-29 18:00 (+03) crosses the change: 2027-03-28 03:00Z.
    assert (milestone_uid(deadline["id"], 1, "2027-03-29T18:00:00"), "2027-03-28T03:00:00Z",
            "CANCELLED") in got  # fmt: skip
    text = r.content.decode()
    assert "RECURRENCE-ID;TZID=Europe/Helsinki:20270405T180000" in text
    assert "Lapsivaikutusten arviointi valmis" in text
    assert "2027-02-15" in {s for _, s, _ in got}

    off = await new_feed(admin, network["id"], include_deadlines=False)
    assert b"deadline-" not in (await anon.get(feed_path(off))).content


async def test_feed_changes_with_deadlines_and_decisions(admin, anon, network):
    deadline = await weekly_deadline(admin, network)
    path = feed_path(await new_feed(admin, network["id"]))
    etags = [(await anon.get(path)).headers["etag"]]
    r = await admin.patch(f"/v1/deadlines/{deadline['id']}", {"title": "Valtuuston päätös"})
    assert r.status_code == 200, r.text
    after = await anon.get(path)
    etags.append(after.headers["etag"])
    assert "Valtuuston päätös" in after.text
    await decide(admin, deadline, "2027-03-29T18:00:00", outcome="cancelled")
    after = await anon.get(path)
    etags.append(after.headers["etag"])
    assert "RECURRENCE-ID;TZID=Europe/Helsinki:20270329T180000" in after.text
    assert len(set(etags)) == 3


async def test_tasks_only_when_included(admin, anon, network):
    _event, prepared, person = await seminar_with_plan(admin, network)
    with_tasks = feed_path(await new_feed(admin, network["id"], include_tasks=True))
    without = feed_path(await new_feed(admin, network["id"]))
    mine = feed_path(
        await new_feed(
            admin, network["id"], scope="person", person_id=person["id"], include_tasks=True
        )
    )
    first = await anon.get(with_tasks)
    assert "SUMMARY:Varaa tila" in first.text
    assert "Varaa tila" not in (await anon.get(without)).text
    own = await anon.get(mine)
    assert "SUMMARY:Varaa tila" in own.text
    for text in (first.text, own.text):
        assert "k@x.fi" not in text and "@x.fi" not in text
    task = prepared["tasks"][0]
    r = await admin.patch(f"/v1/tasks/{task['id']}", {"status": "done"})
    assert r.status_code == 200, r.text
    second = await anon.get(with_tasks)
    assert second.headers["etag"] != first.headers["etag"]
    assert "SUMMARY:✓ Varaa tila" in second.text
    assert (await anon.get(mine)).headers["etag"] != own.headers["etag"]


async def test_partner_and_person_feeds_hold_their_deadlines(admin, anon, network):
    partner = await admin.create(
        "/v1/partners", {"network_id": network["id"], "name": "Seurakunta", "kind": "other"}
    )
    person = await admin.create(
        "/v1/people", {"partner_id": partner["id"], "name": "Valmistelija", "email": "v@x.fi"}
    )
    theirs = await weekly_deadline(admin, network, partner_id=partner["id"], title="Oma")
    other = await weekly_deadline(admin, network, title="Muiden")
    for scope, extra, shown in (
        ("partner", {"partner_id": partner["id"]}, "Seurakunta"),
        ("person", {"person_id": person["id"]}, "Valmistelija"),
    ):
        feed = await new_feed(admin, network["id"], scope=scope, **extra)
        text = (await anon.get(feed_path(feed))).text
        assert f"\r\nNAME:{network['name']}: {shown}\r\n" in text, scope
        assert deadline_uid(theirs["id"]) in text, scope
        assert deadline_uid(other["id"]) not in text, scope
        assert "v@x.fi" not in text


async def test_alarms_only_in_feeds_with_alarms_on(admin, anon, network):
    reminders = [{"offset": "-P1D"}]
    await weekly_deadline(
        admin,
        network,
        reminders=reminders,
        milestones=[{"name": "Valmistelu", "offset": "-P2D", "reminders": reminders}],
    )
    await seminar_with_plan(admin, network)  # its template reminds two days before each task
    body = {"include_tasks": True}
    on = await anon.get(feed_path(await new_feed(admin, network["id"], alarms=True, **body)))
    off = await anon.get(feed_path(await new_feed(admin, network["id"], **body)))
    vevents = on.text.split("BEGIN:VEVENT")[1:]
    for prefix in ("UID:deadline-", "UID:task-"):
        mine = [v for v in vevents if prefix in v]
        assert mine and all("BEGIN:VALARM" in v for v in mine), prefix
    assert "TRIGGER:-P1D" in on.text and "TRIGGER:-P2D" in on.text
    # Rendered after the alarmed feed: cached VEVENTs of one never leak into the other.
    assert "BEGIN:VALARM" not in off.text and "UID:task-" in off.text
