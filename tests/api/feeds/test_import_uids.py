"""Imports never collide with the UIDs the feed gives deadlines and tasks (issue 16, bug 5).

Re-importing a network's own export refuses its deadlines (they are in the wheel already);
the same export imported into another network is stored under UIDs of that network's own, so
no feed ever holds two components with one UID.
"""

import uuid
from datetime import date

import icalendar
import recurring_ical_events


async def _network(admin) -> dict:
    return await admin.create("/v1/networks", {"name": f"Verkko {uuid.uuid4().hex[:6]}"})


async def _feed(admin, nid: str) -> bytes:
    feed = await admin.create("/v1/feeds", {"scope": "network", "network_id": nid})
    path = "/" + feed["https_url"].split("://", 1)[1].split("/", 1)[1]
    response = await admin.http.get(path)
    assert response.status_code == 200
    return response.content


async def _import(admin, nid: str, ics: bytes) -> dict:
    r = await admin.post(
        f"/v1/networks/{nid}/import", content=ics, headers={"Content-Type": "text/calendar"}
    )
    assert r.status_code == 200, r.text
    return r.json()


def _uids(ics: bytes) -> list[str]:
    return [str(c["UID"]) for c in icalendar.Calendar.from_ical(ics).walk("VEVENT")]


def _titles(ics: bytes) -> list[str]:
    calendar = icalendar.Calendar.from_ical(ics)
    events = recurring_ical_events.of(calendar).between(date(2027, 1, 1), date(2028, 1, 1))
    return sorted(str(e["SUMMARY"]) for e in events)


def _vevent(uid: str, title: str) -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:{title}\r\n"
        "DTSTART;TZID=Europe/Helsinki:20270510T100000\r\n"
        "DTEND;TZID=Europe/Helsinki:20270510T110000\r\nEND:VEVENT\r\n"
    )


async def test_own_export_keeps_one_component_per_uid(admin):
    source = await _network(admin)
    nid = source["id"]
    deadline = await admin.create(
        "/v1/deadlines",
        {"network_id": nid, "title": "Lausunto", "due": "2027-04-15T16:00:00"},
    )
    await admin.create(
        "/v1/events", {"network_id": nid, "title": "Kokous", "start": "2027-04-01T09:00:00"}
    )
    exported = await _feed(admin, nid)
    deadline_uid = f"deadline-{deadline['id']}@vuosikello"
    assert deadline_uid in _uids(exported)
    # A hand-made calendar that reuses a task UID of no task here (another network's).
    stranger = f"task-{uuid.uuid4()}@vuosikello"
    extra = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//FI\r\n"
        + _vevent(stranger, "Vieras tehtävä")
        + "END:VCALENDAR\r\n"
    ).encode()

    report = await _import(admin, nid, exported)
    by_uid = {i["uid"]: i for i in report["items"]}
    assert by_uid[deadline_uid]["result"] == "rejected"
    assert f"deadline {deadline['id']} of this network" in by_uid[deadline_uid]["reason"]
    report = await _import(admin, nid, extra)
    (item,) = report["items"]
    assert item["result"] == "created"
    assert item["stored_uid"] and item["stored_uid"].endswith("@import.vuosikello")

    after = await _feed(admin, nid)
    uids = _uids(after)
    assert len(uids) == len(set(uids)), uids
    assert stranger not in uids and item["stored_uid"] in uids
    assert _titles(after) == sorted(["Kokous", "Lausunto", "Vieras tehtävä"])
    # Stable: importing the same file again updates, never duplicates.
    again = await _import(admin, nid, extra)
    assert again["items"][0]["result"] == "unchanged"
    assert again["items"][0]["stored_uid"] == item["stored_uid"]


async def test_another_networks_export_is_rekeyed(admin):
    source, target = await _network(admin), await _network(admin)
    deadline = await admin.create(
        "/v1/deadlines",
        {"network_id": source["id"], "title": "Lausunto", "due": "2027-04-15T16:00:00"},
    )
    exported = await _feed(admin, source["id"])
    report = await _import(admin, target["id"], exported)
    deadline_uid = f"deadline-{deadline['id']}@vuosikello"
    (item,) = [i for i in report["items"] if i["uid"] == deadline_uid]
    assert item["result"] == "created"
    assert item["stored_uid"] not in (None, deadline_uid)
    assert deadline_uid not in _uids(await _feed(admin, target["id"]))
