"""The feed, read by four independent parsers, shows exactly the occurrences of /v1/occurrences."""

import uuid

import pytest

from tests.support.ical_parsers import PARSERS, api_records

FROM, TO = "2027-01-01", "2032-01-01"
LONG_TEXT = (
    "Hyvinvoinnin tilannekuvaseminaari: lasten, nuorten ja perheiden hyvinvointi; "
    "päätöksenteon tueksi 🎉📅 - Ääneväärä öljynpöllö, yö ja äiti; "
    "kunnat, hyvinvointialue ja järjestöt; 👨‍👩‍👧‍👦 perheet ensin! " * 3
).strip()


async def _event(api, network_id: str, **body) -> dict:
    return await api.create("/v1/events", {"network_id": network_id, **body})


@pytest.fixture(scope="module")
async def wheel(admin):
    """One network with every case the issue names, and a network feed of it."""
    network = await admin.create("/v1/networks", {"name": f"Pohjois-Savo {uuid.uuid4().hex[:6]}"})
    nid = network["id"]
    # Weekly across the spring and autumn DST switches (2027-03-28, 2027-10-31).
    await _event(
        admin,
        nid,
        title="Ohjausryhmä (kevät)",
        start="2027-03-15T09:00:00",
        end="2027-03-15T10:30:00",
        rrule="FREQ=WEEKLY;COUNT=6",
    )
    await _event(
        admin,
        nid,
        title="Ohjausryhmä (syksy)",
        start="2027-10-18T16:00:00",
        end="2027-10-18T17:00:00",
        rrule="FREQ=WEEKLY;UNTIL=20271115T235959Z",
    )
    # All-day: a single day, and a yearly three-day item.
    await _event(
        admin, nid, title="Lapsiasiavaltuutetun päivä", start="2027-05-20", category="Juhlat"
    )
    await _event(
        admin,
        nid,
        title="Kesäleiri",
        start="2027-06-01",
        end="2027-06-04",
        rrule="FREQ=YEARLY;COUNT=4",
    )
    # Monthly with exdates, one moved and one cancelled occurrence.
    monthly = await _event(
        admin,
        nid,
        title="Työryhmä, LAPE; kuukausikokous",
        start="2027-01-12T13:00:00",
        end="2027-01-12T15:00:00",
        rrule="FREQ=MONTHLY;BYDAY=2TU;COUNT=18",
        exdates=["2027-07-13T13:00:00"],
        location="Kuopio, Valtuustosali; 2. krs",
    )
    r = await admin.put(
        f"/v1/events/{monthly['id']}/occurrences/2027-03-09T13:00:00",
        {"start": "2027-03-10T09:00:00", "end": "2027-03-10T11:00:00", "title": "Siirretty ✅"},
    )
    assert r.status_code == 200, r.text
    r = await admin.delete(f"/v1/events/{monthly['id']}/occurrences/2027-05-11T13:00:00")
    assert r.status_code == 200, r.text
    # An all-day yearly series with a moved occurrence.
    yearly = await _event(
        admin,
        nid,
        title="Vuosikatsaus",
        start="2027-02-15",
        rrule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=15",
    )
    r = await admin.put(
        f"/v1/events/{yearly['id']}/occurrences/2029-02-15",
        {"start": "2029-02-16", "end": "2029-02-17"},
    )
    assert r.status_code == 200, r.text
    # The council term clock.
    await _event(
        admin,
        nid,
        title="Valtuustokausi alkaa",
        start="2029-06-01T10:00:00",
        rrule="FREQ=YEARLY;INTERVAL=4",
    )
    # Long Finnish text with emoji across fold points; commas and semicolons.
    await _event(
        admin,
        nid,
        title=LONG_TEXT[:300],
        description=LONG_TEXT + "\nRivi 2",
        location="Kuopio; Musiikkikeskus, sali 1",
        start="2027-09-07T09:00:00",
        end="2027-09-07T15:00:00",
        url="https://example.fi/seminaari?a=1&b=2",
    )
    # Another zone, so a generated VTIMEZONE is used too.
    await _event(
        admin,
        nid,
        title="Pohjoismainen tapaaminen",
        start="2027-11-02T10:00:00",
        timezone="Europe/Stockholm",
        rrule="FREQ=YEARLY;COUNT=3",
    )
    # A single event moved, and one cancelled: one VEVENT each (no RECURRENCE-ID without RRULE).
    single = await _event(
        admin, nid, title="Kertakokous", start="2027-08-10T12:00:00", end="2027-08-10T13:00:00"
    )
    r = await admin.put(
        f"/v1/events/{single['id']}/occurrences/2027-08-10T12:00:00",
        {"start": "2027-08-11T14:00:00", "end": "2027-08-11T15:00:00", "title": "Siirretty kerran"},
    )
    assert r.status_code == 200, r.text
    dropped = await _event(admin, nid, title="Peruttu kerran", start="2027-08-12T12:00:00")
    r = await admin.delete(f"/v1/events/{dropped['id']}/occurrences/2027-08-12T12:00:00")
    assert r.status_code == 200, r.text
    # A series that is cancelled as a whole stays in the feed with STATUS:CANCELLED.
    await _event(
        admin, nid, title="Peruttu koulutus", start="2027-04-06T12:00:00", status="cancelled"
    )
    feed = await admin.create("/v1/feeds", {"scope": "network", "network_id": nid})
    path = feed["https_url"].split("://", 1)[1].split("/", 1)[1]
    body = (await admin.http.get("/" + path)).content
    expected = await api_records(admin, nid, FROM, TO)
    return {"network": network, "ics": body, "expected": expected}


async def test_api_has_every_case(wheel):
    expected = wheel["expected"]
    statuses = {r[4] for r in expected}
    assert statuses == {"CONFIRMED", "CANCELLED"}
    assert any(r[2] == "2027-03-10T07:00:00Z" for r in expected)  # moved, EET
    assert any(r[2] == "2027-03-29T06:00:00Z" for r in expected)  # EEST after the switch
    assert next(r for r in expected if r[5] == "Valtuustokausi alkaa")[1] == "2029-06-01T10:00:00"
    assert len([r for r in expected if r[5] == "Valtuustokausi alkaa"]) == 1  # 2029 (2033 later)
    assert len(expected) > 40
    moved = next(r for r in expected if r[5] == "Siirretty kerran")
    assert moved[1:3] == ("2027-08-11T14:00:00", "2027-08-11T11:00:00Z")
    assert next(r for r in expected if r[5] == "Peruttu kerran")[4] == "CANCELLED"


@pytest.mark.parametrize("parser", sorted(PARSERS))
async def test_parser_sees_the_api_occurrences(wheel, parser):
    seen = PARSERS[parser](wheel["ics"], FROM, TO)
    expected = wheel["expected"]
    missing = sorted(set(expected) - set(seen))
    extra = sorted(set(seen) - set(expected))
    assert not missing and not extra, {"missing": missing[:5], "extra": extra[:5]}
    assert seen == expected


def test_icalendar_validates(wheel):
    import icalendar

    calendar = icalendar.Calendar.from_ical(wheel["ics"])
    assert not calendar.errors
    for component in calendar.walk():
        assert not component.errors, component.errors
        if hasattr(component, "validate"):
            component.validate()
