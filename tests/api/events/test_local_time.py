"""Events at local wall time through HTTP: Europe/Helsinki daylight saving (the spring gap,
the autumn fold, a whole year), other time zones, and aware starts."""

import pytest

from tests.support.events import assert_invalid, make_event, occurrences, starts

# --- Europe/Helsinki daylight saving time --------------------------------------------------


async def test_weekly_series_keeps_nine_oclock_local_across_both_dst_changes(coordinator, network):
    event = await make_event(coordinator, network, start="2026-03-15T09:00:00", rrule="FREQ=WEEKLY")
    assert event["timezone"] == "Europe/Helsinki"
    assert event["start"] == "2026-03-15T09:00:00+02:00"
    assert event["end"] == "2026-03-15T10:00:00+02:00"

    spring = await occurrences(coordinator, event["id"], "2026-03-15", "2026-04-06")
    assert starts(spring) == [
        "2026-03-15T09:00:00+02:00",
        "2026-03-22T09:00:00+02:00",
        "2026-03-29T09:00:00+03:00",
        "2026-04-05T09:00:00+03:00",
    ]
    assert [o["end"] for o in spring][2] == "2026-03-29T10:00:00+03:00"

    autumn = await occurrences(coordinator, event["id"], "2026-10-18", "2026-11-02")
    assert starts(autumn) == [
        "2026-10-18T09:00:00+03:00",
        "2026-10-25T09:00:00+02:00",
        "2026-11-01T09:00:00+02:00",
    ]
    assert [o["recurrence_id"] for o in autumn] == [
        "2026-10-18T09:00:00",
        "2026-10-25T09:00:00",
        "2026-11-01T09:00:00",
    ]


async def test_daily_series_at_half_past_three_through_the_spring_gap(coordinator, network):
    event = await make_event(
        coordinator, network, start="2026-03-27T03:30:00", rrule="FREQ=DAILY;COUNT=5"
    )
    items = await occurrences(coordinator, event["id"], "2026-03-01", "2026-04-30")
    # 03:30 does not exist on 29 March: it is read with the offset before the gap (+02:00),
    # which is 04:30 summer time. The recurrence id stays the nominal local start.
    assert [(o["recurrence_id"], o["start"]) for o in items] == [
        ("2026-03-27T03:30:00", "2026-03-27T03:30:00+02:00"),
        ("2026-03-28T03:30:00", "2026-03-28T03:30:00+02:00"),
        ("2026-03-29T03:30:00", "2026-03-29T04:30:00+03:00"),
        ("2026-03-30T03:30:00", "2026-03-30T03:30:00+03:00"),
        ("2026-03-31T03:30:00", "2026-03-31T03:30:00+03:00"),
    ]


async def test_daily_series_at_half_past_three_through_the_autumn_fold(coordinator, network):
    event = await make_event(
        coordinator, network, start="2026-10-23T03:30:00", rrule="FREQ=DAILY;COUNT=5"
    )
    items = await occurrences(coordinator, event["id"], "2026-10-01", "2026-11-30")
    # 03:30 happens twice on 25 October; the first (summer time, +03:00) is the one.
    assert starts(items) == [
        "2026-10-23T03:30:00+03:00",
        "2026-10-24T03:30:00+03:00",
        "2026-10-25T03:30:00+03:00",
        "2026-10-26T03:30:00+02:00",
        "2026-10-27T03:30:00+02:00",
    ]


async def test_daily_nine_oclock_series_across_a_whole_year_never_drifts(coordinator, network):
    event = await make_event(
        coordinator, network, start="2026-01-01T09:00:00", rrule="FREQ=DAILY;COUNT=365"
    )
    items = await occurrences(coordinator, event["id"], "2026-01-01", "2027-01-01")
    assert len(items) == 365
    assert {o["start"][10:19] for o in items} == {"T09:00:00"}
    offsets = {o["recurrence_id"][:10]: o["start"][19:] for o in items}
    assert offsets["2026-03-28"] == "+02:00"
    assert offsets["2026-03-29"] == "+03:00"
    assert offsets["2026-10-24"] == "+03:00"
    assert offsets["2026-10-25"] == "+02:00"
    assert sum(1 for offset in offsets.values() if offset == "+03:00") == 210


async def test_single_event_in_the_spring_gap_is_placed_with_the_offset_before_it(
    coordinator, network
):
    event = await make_event(coordinator, network, start="2026-03-29T03:30:00")
    # Stored as the existing wall time of that instant, keeping its hour (issue 16, bug 8).
    assert event["start"] == "2026-03-29T04:30:00+03:00"
    assert event["end"] == "2026-03-29T05:30:00+03:00"
    [occurrence] = await occurrences(coordinator, event["id"], "2026-03-29", "2026-03-30")
    assert occurrence["recurrence_id"] == "2026-03-29T04:30:00"
    assert occurrence["start"] == "2026-03-29T04:30:00+03:00"


async def test_single_event_in_the_autumn_fold_takes_the_first_of_the_repeated_hour(
    coordinator, network
):
    event = await make_event(coordinator, network, start="2026-10-25T03:30:00")
    assert event["start"] == "2026-10-25T03:30:00+03:00"
    # The wall clock runs 03:30 → 04:30 while repeating an hour: two real hours.
    assert event["end"] == "2026-10-25T04:30:00+02:00"
    # The first 03:30 is 00:30Z (the second would be 01:30Z).
    first = await occurrences(
        coordinator, event["id"], "2026-10-25T00:00:00Z", "2026-10-25T00:31:00Z"
    )
    assert starts(first) == ["2026-10-25T03:30:00+03:00"]
    before = await occurrences(
        coordinator, event["id"], "2026-10-24T00:00:00Z", "2026-10-25T00:30:00Z"
    )
    assert before == []


# --- time zones ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("2026-01-15T07:00:00Z", "2026-01-15T09:00:00+02:00"),
        ("2026-06-15T06:00:00+00:00", "2026-06-15T09:00:00+03:00"),
        ("2026-06-15T08:00:00+05:00", "2026-06-15T06:00:00+03:00"),
        ("2026-06-15T09:00:00", "2026-06-15T09:00:00+03:00"),
    ],
)
async def test_start_is_stored_as_local_wall_time_and_shown_with_its_offset(
    coordinator, network, given, shown
):
    event = await make_event(coordinator, network, start=given)
    assert event["start"] == shown
    [occurrence] = await occurrences(coordinator, event["id"], "2026-01-01", "2027-01-01")
    assert occurrence["start"] == shown
    assert occurrence["recurrence_id"] == shown[:19]


async def test_series_in_another_zone_follows_that_zones_dst(coordinator, network):
    event = await make_event(
        coordinator,
        network,
        start="2026-03-01T09:00:00",
        timezone="America/New_York",
        rrule="FREQ=WEEKLY;COUNT=3",
    )
    assert event["timezone"] == "America/New_York"
    items = await occurrences(coordinator, event["id"], "2026-02-01", "2026-04-01")
    # The US changes on 8 March, three weeks before Finland.
    assert starts(items) == [
        "2026-03-01T09:00:00-05:00",
        "2026-03-08T09:00:00-04:00",
        "2026-03-15T09:00:00-04:00",
    ]
    assert {o["timezone"] for o in items} == {"America/New_York"}


async def test_aware_start_is_converted_into_the_events_own_zone(coordinator, network):
    event = await make_event(
        coordinator, network, start="2026-07-01T12:00:00Z", timezone="America/New_York"
    )
    assert event["start"] == "2026-07-01T08:00:00-04:00"


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "helsinki", "", "UTC+2"])
async def test_unknown_time_zone_is_refused(coordinator, network, name):
    response = await coordinator.post(
        "/v1/events",
        {"network_id": network["id"], "title": "x", "start": "2026-01-01T09:00", "timezone": name},
    )
    assert_invalid(response, "timezone")
