"""An RRULE that names a part twice is refused wherever an RRULE is accepted (issue 16, bug 7):
RFC 5545 allows each part once; libical refuses such a rule, dateutil and icalendar keep one."""

import uuid

import pytest

REPEATED = [
    "FREQ=DAILY;FREQ=YEARLY",
    "FREQ=WEEKLY;COUNT=3;BYDAY=MO;byday=TU",
    "FREQ=DAILY;COUNT=2;COUNT=3",
]
NAMES = ["FREQ", "BYDAY", "COUNT"]


@pytest.mark.parametrize(("rule", "part"), list(zip(REPEATED, NAMES, strict=True)))
async def test_events_and_deadlines_refuse_a_repeated_part(admin, network, rule, part):
    for path, body in (
        ("/v1/events", {"title": "Kokous", "start": "2027-05-10T10:00:00"}),
        ("/v1/deadlines", {"title": "Lausunto", "due": "2027-05-10T16:00:00"}),
    ):
        r = await admin.post(path, {"network_id": network["id"], "rrule": rule, **body})
        assert r.status_code == 422, (path, r.text)
        problem = r.json()
        assert problem["errors"][0]["field"] == "rrule"
        assert f"{part} appears more than once" in problem["errors"][0]["message"]

    event = await admin.create(
        "/v1/events",
        {"network_id": network["id"], "title": "Kokous", "start": "2027-05-10T10:00:00"},
    )
    r = await admin.patch(f"/v1/events/{event['id']}", {"rrule": rule})
    assert r.status_code == 422, r.text
    assert f"{part} appears more than once" in r.text


async def test_import_rejects_the_series_naming_the_part(admin, network):
    ics = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//FI\r\n"
        b"BEGIN:VEVENT\r\nUID:twice-1\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Kahdesti\r\n"
        b"DTSTART;TZID=Europe/Helsinki:20270510T100000\r\n"
        b"RRULE:FREQ=DAILY;FR\r\n EQ=YEARLY\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:fine-1\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Kerran\r\n"
        b"DTSTART;TZID=Europe/Helsinki:20270510T100000\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    r = await admin.post(
        f"/v1/networks/{network['id']}/import",
        content=ics,
        headers={"Content-Type": "text/calendar", "Idempotency-Key": uuid.uuid4().hex},
    )
    assert r.status_code == 200, r.text
    items = {i["uid"]: i for i in r.json()["items"]}
    assert items["twice-1"]["result"] == "rejected"
    assert "FREQ appears more than once" in items["twice-1"]["reason"]
    assert items["fine-1"]["result"] == "created"
    events = (await admin.get("/v1/events", params={"network_id": network["id"]})).json()
    assert [e["rrule"] for e in events["data"]] == ["FREQ=YEARLY"]
