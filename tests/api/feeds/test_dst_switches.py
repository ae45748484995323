"""Times in the spring gap and the autumn repeat: the API, reminders and four parsers of the
feed agree on the instants (issue 16, bug 8).

Helsinki 2027: 03:00-04:00 on 03-28 does not exist (03:30 is read with the offset before the
gap, RFC 5545 §3.3.5: 01:30Z, shown as 04:30); 03:00-04:00 on 10-31 happens twice (03:30 is the
first, 00:30Z). The service stores the gap's time shifted to the existing 04:30, keeping the
duration, and writes a repeated time as UTC: ical.js and libical would otherwise read both an
hour away from icalendar and ical.
"""

import pytest

from tests.support.ical_parsers import PARSERS, api_records
from tests.support.reminders import reminders_of

FROM, TO = "2027-03-20", "2027-11-10"


def _instants(records) -> list[tuple]:
    """(uid, start, end, status, title): libical names an occurrence in the gap by its shifted
    local time (04:30), the others by the generated one (03:30); the instants must agree."""
    return sorted((r[0], *r[2:]) for r in records)


@pytest.fixture
async def switches(admin, network):
    nid = network["id"]

    async def event(**body):
        return await admin.create("/v1/events", {"network_id": nid, "reminders": [], **body})

    made = {
        "gap": await event(title="Aukossa", start="2027-03-28T03:30:00"),
        "fold": await event(title="Toistossa", start="2027-10-31T03:30:00"),
        "gap-series": await event(
            title="Kevätsarja",
            start="2027-03-26T03:30:00",
            end="2027-03-26T04:30:00",
            rrule="FREQ=DAILY;COUNT=5",
            reminders=[{"offset": "-PT1H"}],
        ),
        "fold-series": await event(
            title="Syyssarja",
            start="2027-10-29T03:30:00",
            end="2027-10-29T04:30:00",
            rrule="FREQ=WEEKLY;BYDAY=FR,SU;COUNT=4",
        ),
    }
    moved = await admin.put(
        f"/v1/events/{made['gap-series']['id']}/occurrences/2027-03-27T03:30:00",
        {"start": "2027-03-28T03:15:00", "end": "2027-03-28T04:00:00"},
    )
    assert moved.status_code == 200, moved.text
    feed = await admin.create("/v1/feeds", {"scope": "network", "network_id": nid})
    path = "/" + feed["https_url"].split("://", 1)[1].split("/", 1)[1]
    ics = (await admin.http.get(path)).content
    return {"events": made, "ics": ics, "expected": await api_records(admin, nid, FROM, TO)}


async def test_a_time_in_the_gap_keeps_its_duration(admin, switches):
    gap = (await admin.get(f"/v1/events/{switches['events']['gap']['id']}")).json()
    assert (gap["start"], gap["end"]) == ("2027-03-28T04:30:00+03:00", "2027-03-28T05:30:00+03:00")
    fold = (await admin.get(f"/v1/events/{switches['events']['fold']['id']}")).json()
    # The first 03:30 (EEST), an hour's meeting ending at 04:30 EET: two hours.
    assert (fold["start"], fold["end"]) == (
        "2027-10-31T03:30:00+03:00",
        "2027-10-31T04:30:00+02:00",
    )


async def test_occurrences_in_the_gap_and_the_repeat(switches):
    by_title = {}
    for record in switches["expected"]:
        by_title.setdefault(record[5], []).append(record[1:4])
    assert ("2027-03-28T03:30:00", "2027-03-28T01:30:00Z", "2027-03-28T02:30:00Z") in by_title[
        "Kevätsarja"
    ]
    # The occurrence moved into the gap (03:15-04:00) keeps its 45 minutes.
    assert ("2027-03-27T03:30:00", "2027-03-28T01:15:00Z", "2027-03-28T02:00:00Z") in by_title[
        "Kevätsarja"
    ]
    assert ("2027-10-31T03:30:00", "2027-10-31T00:30:00Z", "2027-10-31T02:30:00Z") in by_title[
        "Syyssarja"
    ]
    assert by_title["Aukossa"] == [
        ("2027-03-28T04:30:00", "2027-03-28T01:30:00Z", "2027-03-28T02:30:00Z")
    ]


async def test_reminders_follow_the_same_instants(coordinator, switches):
    rows = await reminders_of(coordinator, source_id=switches["events"]["gap-series"]["id"])
    due = {r["recurrence_id"]: r["due_at"] for r in rows}
    # An hour before 01:30Z (04:30 EEST) is 00:30Z; before the moved 01:15Z, 00:15Z.
    assert due["2027-03-28T03:30:00"] == "2027-03-28T02:30:00+02:00"
    assert due["2027-03-27T03:30:00"] == "2027-03-28T02:15:00+02:00"


# libical's recurrence iterator carries the gap's shifted time (04:30) into the next
# occurrence of the series as well, with any calendar (a plain FREQ=DAILY at 03:30 shows it):
# a libical bug the feed cannot work around, since libical then also names that occurrence
# 04:30 and matches no RECURRENCE-ID to it. Asserted, so a fixed libical shows up here.
LIBICAL_AFTER_THE_GAP = {
    ("2027-03-29T00:30:00Z", "2027-03-29T01:30:00Z"): (
        "2027-03-29T01:30:00Z",
        "2027-03-29T02:30:00Z",
    )
}


@pytest.mark.parametrize("parser", sorted(PARSERS))
async def test_every_parser_reads_the_api_instants(switches, parser):
    seen = _instants(PARSERS[parser](switches["ics"], FROM, TO))
    expected = _instants(switches["expected"])
    if parser == "libical":
        expected = sorted(
            (uid, *LIBICAL_AFTER_THE_GAP.get((start, end), (start, end)), *rest)
            for uid, start, end, *rest in expected
        )
    assert seen == expected
