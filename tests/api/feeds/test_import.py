"""Import: an exported feed comes back as the same occurrences; re-imports update, never
duplicate; bad items are rejected with reasons; the CLI does the same with a progress bar."""

import json
import uuid

from tests.support.cli import run_cli
from tests.support.ical_parsers import api_records

FROM, TO = "2027-01-01", "2031-01-01"


async def _network(admin, name: str) -> dict:
    return await admin.create("/v1/networks", {"name": f"{name} {uuid.uuid4().hex[:6]}"})


async def _fill(admin, nid: str) -> None:
    async def event(**body):
        return await admin.create("/v1/events", {"network_id": nid, **body})

    monthly = await event(
        title="Työryhmä; LAPE, kuukausi", start="2027-01-12T13:00:00", end="2027-01-12T15:00:00",
        rrule="FREQ=MONTHLY;BYDAY=2TU;COUNT=12", exdates=["2027-07-13T13:00:00"],
        description="Pitkä kuvaus äöå 🎉 " * 20, location="Kuopio, sali; 2", category="Kokoukset",
    )  # fmt: skip
    await admin.put(
        f"/v1/events/{monthly['id']}/occurrences/2027-03-09T13:00:00",
        {"start": "2027-03-10T09:00:00", "end": "2027-03-10T11:00:00", "title": "Siirretty"},
    )
    await admin.delete(f"/v1/events/{monthly['id']}/occurrences/2027-05-11T13:00:00")
    await event(title="Kesäleiri", start="2027-06-01", end="2027-06-04", rrule="FREQ=YEARLY")
    await event(title="Valtuustokausi", start="2029-06-01T10:00:00", rrule="FREQ=YEARLY;INTERVAL=4")
    await event(title="Tapaaminen", start="2027-11-02T10:00:00", timezone="Europe/Stockholm")


async def _export(admin, nid: str) -> bytes:
    feed = await admin.create("/v1/feeds", {"scope": "network", "network_id": nid})
    path = "/" + feed["https_url"].split("://", 1)[1].split("/", 1)[1]
    return (await admin.http.get(path)).content


def _without_uid(records):
    return sorted(r[1:] for r in records)


async def _import(api, nid: str, ics: bytes):
    return await api.post(
        f"/v1/networks/{nid}/import", content=ics, headers={"Content-Type": "text/calendar"}
    )


async def test_export_import_roundtrip_and_reimport(admin):
    source = await _network(admin, "Lähde")
    target = await _network(admin, "Kohde")
    await _fill(admin, source["id"])
    ics = await _export(admin, source["id"])

    r = await _import(admin, target["id"], ics)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["created"] == 4 and report["rejected"] == 0, report
    expected = await api_records(admin, source["id"], FROM, TO)
    imported = await api_records(admin, target["id"], FROM, TO)
    assert _without_uid(imported) == _without_uid(expected)
    # The UIDs belong to the source network, so the copies got their own stable ones.
    assert {r[0] for r in imported}.isdisjoint({r[0] for r in expected})

    again = (await _import(admin, target["id"], ics)).json()
    assert again["created"] == 0 and again["unchanged"] == 4, again
    assert _without_uid(await api_records(admin, target["id"], FROM, TO)) == _without_uid(expected)

    # Re-importing into the source keeps its UIDs, and an edited title updates in place.
    edited = ics.replace(b"SUMMARY:Kes\xc3\xa4leiri", b"SUMMARY:Kes\xc3\xa4leiri 2.0")
    report = (await _import(admin, source["id"], edited)).json()
    assert (report["updated"], report["unchanged"]) == (1, 3), [
        i["title"] for i in report["items"] if i["result"] == "updated"
    ]
    after = await api_records(admin, source["id"], FROM, TO)
    assert {r[0] for r in after} == {r[0] for r in expected}
    assert any(r[5] == "Kesäleiri 2.0" for r in after)


BAD = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r
BEGIN:VEVENT\r
UID:outlook-1\r
SUMMARY:Outlook-kokous\r
DTSTART;TZID=FLE Standard Time:20270310T100000\r
DTEND;TZID=FLE Standard Time:20270310T110000\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:google-1@google.com\r
SUMMARY:Google UTC\r
DTSTART:20270311T080000Z\r
DURATION:PT2H\r
END:VEVENT\r
BEGIN:VEVENT\r
SUMMARY:Ei UID:tä\r
DTSTART:20270312T080000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:rdate-1\r
SUMMARY:RDATE\r
DTSTART:20270312T080000Z\r
RDATE:20270313T080000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:secondly-1\r
SUMMARY:Joka sekunti\r
DTSTART:20270312T080000Z\r
RRULE:FREQ=SECONDLY\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:orphan-1\r
RECURRENCE-ID:20270312T080000Z\r
SUMMARY:Orpo\r
DTSTART:20270312T090000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:notfirst-1\r
SUMMARY:Ei ensimmäinen\r
DTSTART;TZID=Europe/Helsinki:20270310T100000\r
RRULE:FREQ=WEEKLY;BYDAY=MO\r
END:VEVENT\r
BEGIN:VTODO\r
UID:todo-1\r
SUMMARY:Tehtävä\r
END:VTODO\r
END:VCALENDAR\r
"""


async def test_bad_items_are_rejected_with_reasons(admin):
    network = await _network(admin, "Tuonti")
    r = await admin.post(
        f"/v1/networks/{network['id']}/import",
        files={"file": ("outlook.ics", BAD.encode(), "text/calendar")},
    )
    assert r.status_code == 200, r.text
    report = r.json()
    results = {i["uid"]: i for i in report["items"]}
    assert results["outlook-1"]["result"] == "created"
    assert results["google-1@google.com"]["result"] == "created"
    assert report["created"] == 2 and report["rejected"] == 6
    reasons = {i["uid"]: i["reason"] for i in report["items"] if i["result"] == "rejected"}
    assert "UID" in reasons[None]
    assert "RDATE" in reasons["rdate-1"]
    assert "FREQ" in reasons["secondly-1"]
    assert "without their series" in reasons["orphan-1"]
    assert "first occurrence" in reasons["notfirst-1"]
    assert "VTODO" in reasons["todo-1"]
    events = (await admin.get("/v1/events", params={"network_id": network["id"]})).json()["data"]
    by_title = {e["title"]: e for e in events}
    assert by_title["Outlook-kokous"]["timezone"] == "Europe/Helsinki"
    assert by_title["Outlook-kokous"]["start"] == "2027-03-10T10:00:00+02:00"
    assert by_title["Google UTC"]["start"] == "2027-03-11T10:00:00+02:00"
    assert by_title["Google UTC"]["end"] == "2027-03-11T12:00:00+02:00"
    assert by_title["Outlook-kokous"]["uid"] == "outlook-1"


async def test_import_refuses_garbage_and_readers(admin, anon):
    network = await _network(admin, "Roska")
    r = await _import(admin, network["id"], b"this is not a calendar")
    assert r.status_code == 422
    r = await admin.post(f"/v1/networks/{network['id']}/import", json={"a": 1})
    assert r.status_code == 415
    member = await admin.client_for(anon, "member", [network["id"]])
    assert (await _import(member, network["id"], BAD.encode())).status_code == 403
    other = await _network(admin, "Muu")
    coordinator = await admin.client_for(anon, "coordinator", [network["id"]])
    r = await _import(coordinator, other["id"], BAD.encode())
    assert r.status_code == 404
    assert (await _import(admin, str(uuid.uuid4()), BAD.encode())).status_code == 404


async def test_cli_import(admin, tmp_path):
    network = await _network(admin, "CLI")
    path = tmp_path / "outlook.ics"
    path.write_text(BAD)
    done = run_cli("import", str(path), "--network", network["id"], "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["created"] == 2 and report["rejected"] == 6
    done = run_cli("import", str(path), "--network", network["id"])
    assert done.returncode == 0, done.stderr
    assert "created 0, updated 0, unchanged 2, rejected 6" in done.stdout
    assert "rejected rdate-1 (RDATE)" in done.stdout
