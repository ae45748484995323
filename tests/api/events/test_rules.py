"""Recurring events through HTTP: RRULEs (BYDAY, COUNT, UNTIL, refused rules) and exdates."""

import pytest

from tests.support.events import assert_invalid, make_event, occurrences, starts

# --- RRULE ---------------------------------------------------------------------------------


async def test_yearly_rule_by_month_and_weekday(coordinator, network):
    event = await make_event(
        coordinator,
        network,
        title="Talousarvion valmistelu alkaa",
        start="2026-10-06T09:00:00",
        rrule="FREQ=YEARLY;BYMONTH=10;BYDAY=1TU",
    )
    items = await occurrences(coordinator, event["id"], "2026-01-01", "2029-01-01")
    assert starts(items) == [
        "2026-10-06T09:00:00+03:00",
        "2027-10-05T09:00:00+03:00",
        "2028-10-03T09:00:00+03:00",
    ]


async def test_monthly_rule_on_the_last_friday(coordinator, network):
    event = await make_event(
        coordinator,
        network,
        start="2026-01-30T13:00:00",
        end="2026-01-30T15:30:00",
        rrule="RRULE:FREQ=MONTHLY;BYDAY=-1FR",
    )
    assert event["rrule"] == "FREQ=MONTHLY;BYDAY=-1FR"
    items = await occurrences(coordinator, event["id"], "2026-01-01", "2026-05-01")
    assert [(o["start"], o["end"]) for o in items] == [
        ("2026-01-30T13:00:00+02:00", "2026-01-30T15:30:00+02:00"),
        ("2026-02-27T13:00:00+02:00", "2026-02-27T15:30:00+02:00"),
        ("2026-03-27T13:00:00+02:00", "2026-03-27T15:30:00+02:00"),
        ("2026-04-24T13:00:00+03:00", "2026-04-24T15:30:00+03:00"),
    ]


async def test_council_term_series_every_four_years(coordinator, network):
    event = await make_event(
        coordinator,
        network,
        title="Valtuustokausi alkaa",
        start="2025-06-01",
        rrule="FREQ=YEARLY;INTERVAL=4",
    )
    assert event["all_day"] is True
    first = await occurrences(coordinator, event["id"], "2025-01-01", "2030-01-01")
    later = await occurrences(coordinator, event["id"], "2030-01-01", "2034-01-01")
    assert [o["recurrence_id"] for o in first + later] == [
        "2025-06-01",
        "2029-06-01",
        "2033-06-01",
    ]


async def test_count_limits_the_series(coordinator, network):
    event = await make_event(
        coordinator, network, start="2026-02-02T10:00:00", rrule="FREQ=WEEKLY;COUNT=4"
    )
    items = await occurrences(coordinator, event["id"], "2026-01-01", "2027-01-01")
    assert [o["recurrence_id"] for o in items] == [
        "2026-02-02T10:00:00",
        "2026-02-09T10:00:00",
        "2026-02-16T10:00:00",
        "2026-02-23T10:00:00",
    ]


@pytest.mark.parametrize(
    ("until", "last"),
    [
        # 09:00 summer time is 06:00Z: UNTIL is inclusive.
        ("20260412T060000Z", "2026-04-12T09:00:00"),
        ("20260412T055959Z", "2026-04-05T09:00:00"),
        ("20260412", "2026-04-12T09:00:00"),
    ],
)
async def test_until_bounds_the_series_inclusively(coordinator, network, until, last):
    event = await make_event(
        coordinator, network, start="2026-03-22T09:00:00", rrule=f"FREQ=WEEKLY;UNTIL={until}"
    )
    items = await occurrences(coordinator, event["id"], "2026-01-01", "2027-01-01")
    assert items[0]["recurrence_id"] == "2026-03-22T09:00:00"
    assert items[-1]["recurrence_id"] == last


@pytest.mark.parametrize(
    ("start", "rule"),
    [
        ("2026-01-01T09:00:00", "FREQ=SECONDLY"),
        ("2026-01-01T09:00:00", "FREQ=HOURLY"),
        ("2026-01-01T09:00:00", "FREQ=DAILY;COUNT=3;UNTIL=20270101T000000Z"),
        ("2026-01-01T09:00:00", "not a rule"),
        ("2026-01-01T09:00:00", "FREQ=DAILY;BYDAY=XX"),
        ("2026-01-01T09:00:00", "FREQ=DAILY;INTERVAL=0"),
        ("2026-01-01T09:00:00", "FREQ=DAILY;COUNT=0"),
        ("2026-01-01T09:00:00", "FREQ=DAILY;UNTIL=20251231T000000Z"),
        ("2026-01-01T09:00:00", "FREQ=WEEKLY;UNTIL=20261301"),
        ("2026-01-01T09:00:00", "FREQ=WEEKLY;DTSTART=20260101T090000"),
        # 1 January 2026 is a Thursday: it is not a Monday of the rule.
        ("2026-01-01T09:00:00", "FREQ=WEEKLY;BYDAY=MO"),
        ("2026-01-01T09:00:00", "FREQ=DAILY;BYHOUR=10"),
        ("2026-01-01", "FREQ=DAILY;BYHOUR=10"),
    ],
)
async def test_bad_rrule_is_refused_naming_rrule(coordinator, network, start, rule):
    response = await coordinator.post(
        "/v1/events", {"network_id": network["id"], "title": "x", "start": start, "rrule": rule}
    )
    assert_invalid(response, "rrule")


async def test_endless_until_far_in_the_future_is_accepted_quickly(coordinator, network):
    event = await make_event(
        coordinator, network, start="2026-01-01T09:00:00", rrule="FREQ=DAILY;UNTIL=99991231"
    )
    items = await occurrences(coordinator, event["id"], "2026-01-01", "2026-01-08")
    assert len(items) == 7


# --- exdates -------------------------------------------------------------------------------


async def test_exdates_remove_occurrences(coordinator, network):
    event = await make_event(
        coordinator,
        network,
        start="2026-03-22T09:00:00",
        rrule="FREQ=WEEKLY;COUNT=4",
        # A naive local time and the same kind of instant given in UTC.
        exdates=["2026-03-29T09:00:00", "2026-04-05T06:00:00Z"],
    )
    assert event["exdates"] == ["2026-03-29T09:00:00", "2026-04-05T09:00:00"]
    items = await occurrences(coordinator, event["id"], "2026-03-01", "2026-05-01")
    assert [o["recurrence_id"] for o in items] == ["2026-03-22T09:00:00", "2026-04-12T09:00:00"]
    missing = await coordinator.get(f"/v1/events/{event['id']}/occurrences/2026-03-29T09:00:00")
    assert missing.status_code == 404


async def test_all_day_exdate(coordinator, network):
    event = await make_event(
        coordinator,
        network,
        start="2026-01-05",
        rrule="FREQ=WEEKLY;COUNT=3",
        exdates=["2026-01-12"],
    )
    items = await occurrences(coordinator, event["id"], "2026-01-01", "2026-02-01")
    assert [o["recurrence_id"] for o in items] == ["2026-01-05", "2026-01-19"]


@pytest.mark.parametrize(
    ("rule", "exdates", "field"),
    [
        ("FREQ=WEEKLY", ["2026-03-23T09:00:00"], "exdates[0]"),
        ("FREQ=WEEKLY", ["2026-03-29T09:00:00", "2026-03-29T10:00:00"], "exdates[1]"),
        ("FREQ=WEEKLY", ["2026-03-29"], "exdates[0]"),
        (None, ["2026-03-22T09:00:00"], "exdates"),
    ],
)
async def test_exdate_that_is_no_occurrence_is_refused(coordinator, network, rule, exdates, field):
    response = await coordinator.post(
        "/v1/events",
        {
            "network_id": network["id"],
            "title": "x",
            "start": "2026-03-22T09:00:00",
            "rrule": rule,
            "exdates": exdates,
        },
    )
    assert_invalid(response, field)


async def test_patch_exdates_replaces_them(coordinator, network):
    event = await make_event(
        coordinator, network, start="2026-03-22T09:00:00", rrule="FREQ=WEEKLY;COUNT=3"
    )
    url = f"/v1/events/{event['id']}"
    patched = await coordinator.patch(url, {"exdates": ["2026-03-29T09:00:00"]})
    assert patched.status_code == 200, patched.text
    assert patched.json()["exdates"] == ["2026-03-29T09:00:00"]
    items = await occurrences(coordinator, event["id"], "2026-03-01", "2026-05-01")
    assert [o["recurrence_id"] for o in items] == ["2026-03-22T09:00:00", "2026-04-05T09:00:00"]
    cleared = await coordinator.patch(url, {"exdates": []})
    assert cleared.json()["exdates"] == []
    assert len(await occurrences(coordinator, event["id"], "2026-03-01", "2026-05-01")) == 3
