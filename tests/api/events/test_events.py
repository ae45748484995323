"""Events and their occurrences through HTTP: local wall time, DST, all-day items, RRULEs,
exdates, per-occurrence overrides, series edits that keep them, SEQUENCE and ETags."""

from typing import Any

import pytest

from tests.support import Api

PROBLEM_JSON = "application/problem+json"


async def make_event(api: Api, network: dict, **fields: Any) -> dict:
    body = {"network_id": network["id"], "title": "Ohjausryhmän kokous", **fields}
    return await api.create("/v1/events", body)


async def occurrences(api: Api, event_id: str, start: str, end: str) -> list[dict]:
    response = await api.get(
        f"/v1/events/{event_id}/occurrences", params={"from": start, "to": end, "limit": 500}
    )
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["next_cursor"] is None
    return page["data"]


def starts(items: list[dict]) -> list[str]:
    return [item["start"] for item in items]


def assert_invalid(response, field: str) -> dict:
    """A 422 problem+json that names `field` among the invalid fields."""
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    problem = response.json()
    assert problem["status"] == 422
    fields = [error["field"] for error in problem["errors"]]
    assert field in fields, fields
    return problem


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


# --- all-day items -------------------------------------------------------------------------


async def test_all_day_event_from_a_date_lasts_one_day_by_default(coordinator, network):
    event = await make_event(coordinator, network, title="Juhannusaatto", start="2026-06-19")
    assert event["all_day"] is True
    assert (event["start"], event["end"]) == ("2026-06-19", "2026-06-20")
    [occurrence] = await occurrences(coordinator, event["id"], "2026-06-01", "2026-07-01")
    assert occurrence["recurrence_id"] == "2026-06-19"
    assert (occurrence["start"], occurrence["end"], occurrence["all_day"]) == (
        "2026-06-19",
        "2026-06-20",
        True,
    )
    # The end is exclusive: a window starting on the 20th does not see it.
    assert await occurrences(coordinator, event["id"], "2026-06-20", "2026-06-21") == []


async def test_multi_day_all_day_event_is_seen_from_every_day_it_covers(coordinator, network):
    event = await make_event(
        coordinator, network, title="Hyvinvointifoorumi", start="2026-09-14", end="2026-09-17"
    )
    assert (event["start"], event["end"]) == ("2026-09-14", "2026-09-17")
    for day in ("2026-09-14", "2026-09-15", "2026-09-16"):
        items = await occurrences(coordinator, event["id"], day, "2026-09-20")
        assert [(o["start"], o["end"]) for o in items] == [("2026-09-14", "2026-09-17")]
    assert await occurrences(coordinator, event["id"], "2026-09-17", "2026-09-20") == []
    assert await occurrences(coordinator, event["id"], "2026-09-01", "2026-09-14") == []


async def test_yearly_all_day_series_has_date_recurrence_ids(coordinator, network):
    event = await make_event(
        coordinator, network, start="2026-12-06", all_day=True, rrule="FREQ=YEARLY;COUNT=3"
    )
    items = await occurrences(coordinator, event["id"], "2026-01-01", "2030-01-01")
    assert [(o["recurrence_id"], o["start"], o["end"]) for o in items] == [
        ("2026-12-06", "2026-12-06", "2026-12-07"),
        ("2027-12-06", "2027-12-06", "2027-12-07"),
        ("2028-12-06", "2028-12-06", "2028-12-07"),
    ]


@pytest.mark.parametrize(
    ("fields", "bad_field"),
    [
        ({"start": "2026-06-19", "all_day": False}, "start"),
        ({"start": "2026-06-19T09:00:00", "all_day": True}, "start"),
        ({"start": "2026-06-19", "end": "2026-06-20T10:00:00"}, "end"),
        ({"start": "2026-06-19T09:00:00", "end": "2026-06-20"}, "end"),
        ({"start": "2026-06-19T09:00:00", "end": "2026-06-19T08:00:00"}, "end"),
        ({"start": "2026-06-19", "end": "2026-06-18"}, "end"),
        ({"start": "19.6.2026"}, "start"),
        ({"start": "1066-10-14T09:00:00"}, "start"),
    ],
)
async def test_time_fields_that_do_not_fit_are_refused_naming_the_field(
    coordinator, network, fields, bad_field
):
    response = await coordinator.post(
        "/v1/events", {"network_id": network["id"], "title": "Väärin", **fields}
    )
    assert_invalid(response, bad_field)


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


# --- one occurrence: overrides and cancellations -------------------------------------------


@pytest.fixture
async def weekly(coordinator, network) -> dict:
    """Four Sunday meetings 09:00-10:30, 22 March to 12 April 2026 (DST starts 29 March)."""
    return await make_event(
        coordinator,
        network,
        title="Viikkopalaveri",
        location="Oulu",
        category="Kokoukset",
        start="2026-03-22T09:00:00",
        end="2026-03-22T10:30:00",
        rrule="FREQ=WEEKLY;COUNT=4",
    )


def occurrence_url(event: dict, recurrence_id: str) -> str:
    return f"/v1/events/{event['id']}/occurrences/{recurrence_id}"


async def test_put_moves_and_retitles_one_occurrence(coordinator, weekly):
    response = await coordinator.put(
        occurrence_url(weekly, "2026-03-29T09:00:00"),
        {"start": "2026-03-30T14:00:00", "title": "Siirretty palaveri", "location": "Kempele"},
    )
    assert response.status_code == 200, response.text
    moved = response.json()
    assert moved["recurrence_id"] == "2026-03-29T09:00:00"
    assert moved["overridden"] is True
    assert moved["status"] == "confirmed"
    assert (moved["start"], moved["end"]) == (
        "2026-03-30T14:00:00+03:00",
        "2026-03-30T15:30:00+03:00",
    )
    assert (moved["title"], moved["location"]) == ("Siirretty palaveri", "Kempele")

    items = await occurrences(coordinator, weekly["id"], "2026-03-01", "2026-05-01")
    assert [(o["recurrence_id"], o["start"], o["title"], o["overridden"]) for o in items] == [
        ("2026-03-22T09:00:00", "2026-03-22T09:00:00+02:00", "Viikkopalaveri", False),
        ("2026-03-29T09:00:00", "2026-03-30T14:00:00+03:00", "Siirretty palaveri", True),
        ("2026-04-05T09:00:00", "2026-04-05T09:00:00+03:00", "Viikkopalaveri", False),
        ("2026-04-12T09:00:00", "2026-04-12T09:00:00+03:00", "Viikkopalaveri", False),
    ]
    one = await coordinator.get(occurrence_url(weekly, "2026-03-29T09:00:00"))
    assert one.status_code == 200
    assert one.json() == moved


async def test_put_with_end_only_changes_the_end(coordinator, weekly):
    response = await coordinator.put(
        occurrence_url(weekly, "2026-04-05T09:00:00"), {"end": "2026-04-05T12:00:00"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["start"], body["end"]) == (
        "2026-04-05T09:00:00+03:00",
        "2026-04-05T12:00:00+03:00",
    )


async def test_put_refuses_an_end_before_the_start(coordinator, weekly):
    response = await coordinator.put(
        occurrence_url(weekly, "2026-04-05T09:00:00"), {"end": "2026-04-05T08:00:00"}
    )
    assert_invalid(response, "end")


async def test_occurrence_moved_out_of_the_window_leaves_it(coordinator, weekly):
    await coordinator.put(
        occurrence_url(weekly, "2026-03-22T09:00:00"), {"start": "2026-05-20T09:00:00"}
    )
    march = await occurrences(coordinator, weekly["id"], "2026-03-01", "2026-04-01")
    assert [o["recurrence_id"] for o in march] == ["2026-03-29T09:00:00"]
    may = await occurrences(coordinator, weekly["id"], "2026-05-01", "2026-06-01")
    assert [(o["recurrence_id"], o["start"]) for o in may] == [
        ("2026-03-22T09:00:00", "2026-05-20T09:00:00+03:00")
    ]


async def test_occurrence_moved_into_the_window_from_far_away_is_found(coordinator, network):
    event = await make_event(
        coordinator, network, start="2026-01-07T09:00:00", rrule="FREQ=MONTHLY;BYMONTHDAY=7"
    )
    await coordinator.put(
        occurrence_url(event, "2026-12-07T09:00:00"), {"start": "2026-02-20T09:00:00"}
    )
    items = await occurrences(coordinator, event["id"], "2026-02-01", "2026-03-01")
    assert [(o["recurrence_id"], o["start"]) for o in items] == [
        ("2026-02-07T09:00:00", "2026-02-07T09:00:00+02:00"),
        ("2026-12-07T09:00:00", "2026-02-20T09:00:00+02:00"),
    ]
    december = await occurrences(coordinator, event["id"], "2026-12-01", "2027-01-01")
    assert december == []


async def test_delete_cancels_one_occurrence_which_stays_listed(coordinator, weekly):
    response = await coordinator.delete(occurrence_url(weekly, "2026-04-05T09:00:00"))
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "cancelled"
    items = await occurrences(coordinator, weekly["id"], "2026-03-01", "2026-05-01")
    assert [(o["recurrence_id"], o["status"]) for o in items] == [
        ("2026-03-22T09:00:00", "confirmed"),
        ("2026-03-29T09:00:00", "confirmed"),
        ("2026-04-05T09:00:00", "cancelled"),
        ("2026-04-12T09:00:00", "confirmed"),
    ]
    # Cancelling twice is the same as once.
    again = await coordinator.delete(occurrence_url(weekly, "2026-04-05T09:00:00"))
    assert again.json()["status"] == "cancelled"


async def test_put_with_an_empty_body_restores_the_occurrence(coordinator, weekly):
    url = occurrence_url(weekly, "2026-03-29T09:00:00")
    await coordinator.put(url, {"start": "2026-03-31T09:00:00", "title": "Muutettu"})
    await coordinator.delete(url)
    cancelled = (await coordinator.get(url)).json()
    assert cancelled["status"] == "cancelled"

    restored = await coordinator.put(url, {})
    assert restored.status_code == 200, restored.text
    body = restored.json()
    assert (body["start"], body["title"], body["status"], body["overridden"]) == (
        "2026-03-29T09:00:00+03:00",
        "Viikkopalaveri",
        "confirmed",
        False,
    )
    items = await occurrences(coordinator, weekly["id"], "2026-03-01", "2026-05-01")
    assert [o["overridden"] for o in items] == [False] * 4


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start": "2026-03-30"}, "start"),
        ({"end": "2026-03-30"}, "end"),
        ({"start": "1800-03-30T09:00:00"}, "start"),
        ({"title": ""}, "title"),
        ({"cancelled": True}, "cancelled"),
    ],
)
async def test_put_refuses_bad_occurrence_fields(coordinator, weekly, body, field):
    url = occurrence_url(weekly, "2026-03-29T09:00:00")
    assert_invalid(await coordinator.put(url, body), field)
    assert (await coordinator.get(url)).json()["overridden"] is False


async def test_cancelling_the_series_cancels_every_occurrence(coordinator, weekly):
    response = await coordinator.patch(f"/v1/events/{weekly['id']}", {"status": "cancelled"})
    assert response.status_code == 200, response.text
    items = await occurrences(coordinator, weekly["id"], "2026-03-01", "2026-05-01")
    assert [o["status"] for o in items] == ["cancelled"] * 4


async def test_occurrence_never_touched_is_not_overridden(coordinator, weekly):
    response = await coordinator.put(occurrence_url(weekly, "2026-04-12T09:00:00"), {})
    assert response.status_code == 200
    assert response.json()["overridden"] is False


async def test_ical_basic_form_recurrence_id_is_accepted(coordinator, weekly):
    response = await coordinator.put(
        occurrence_url(weekly, "20260322T090000"), {"title": "Perusmuoto"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["recurrence_id"] == "2026-03-22T09:00:00"
    one = await coordinator.get(occurrence_url(weekly, "2026-03-22T09:00:00"))
    assert one.json()["title"] == "Perusmuoto"


async def test_all_day_occurrence_by_date_and_basic_form(coordinator, network):
    event = await make_event(coordinator, network, start="2026-05-04", rrule="FREQ=WEEKLY")
    for raw in ("2026-05-11", "20260511"):
        response = await coordinator.get(occurrence_url(event, raw))
        assert response.status_code == 200, response.text
        assert response.json()["recurrence_id"] == "2026-05-11"
    moved = await coordinator.put(
        occurrence_url(event, "2026-05-11"), {"start": "2026-05-13", "end": "2026-05-15"}
    )
    assert (moved.json()["start"], moved.json()["end"]) == ("2026-05-13", "2026-05-15")


@pytest.mark.parametrize(
    "recurrence_id",
    [
        "2026-03-23T09:00:00",
        "2026-03-22T10:00:00",
        "2026-04-19T09:00:00",  # after COUNT ran out
        "2026-03-22",
        "2026-03-22T09:00:00+02:00",
        "tomorrow",
    ],
)
async def test_recurrence_id_that_is_no_occurrence_is_not_found(coordinator, weekly, recurrence_id):
    for method in ("GET", "PUT", "DELETE"):
        kwargs = {"json": {"title": "x"}} if method == "PUT" else {}
        response = await coordinator.request(
            method, occurrence_url(weekly, recurrence_id), **kwargs
        )
        assert response.status_code == 404, (method, response.text)
        assert response.headers["content-type"].startswith(PROBLEM_JSON)
        assert response.json()["status"] == 404


async def test_single_event_has_exactly_one_occurrence(coordinator, network):
    event = await make_event(coordinator, network, start="2026-08-12T12:00:00")
    one = await coordinator.get(occurrence_url(event, "2026-08-12T12:00:00"))
    assert one.status_code == 200
    assert one.json()["start"] == "2026-08-12T12:00:00+03:00"
    other = await coordinator.get(occurrence_url(event, "2026-08-19T12:00:00"))
    assert other.status_code == 404


# --- editing the series keeps per-occurrence state -----------------------------------------


async def test_patching_the_title_keeps_overrides_and_cancellations(coordinator, weekly):
    await coordinator.put(
        occurrence_url(weekly, "2026-03-29T09:00:00"), {"start": "2026-03-29T13:00:00"}
    )
    await coordinator.delete(occurrence_url(weekly, "2026-04-05T09:00:00"))
    patched = await coordinator.patch(f"/v1/events/{weekly['id']}", {"title": "Uusi nimi"})
    assert patched.status_code == 200, patched.text
    items = await occurrences(coordinator, weekly["id"], "2026-03-01", "2026-05-01")
    assert [(o["recurrence_id"], o["start"], o["status"], o["title"]) for o in items] == [
        ("2026-03-22T09:00:00", "2026-03-22T09:00:00+02:00", "confirmed", "Uusi nimi"),
        ("2026-03-29T09:00:00", "2026-03-29T13:00:00+03:00", "confirmed", "Uusi nimi"),
        ("2026-04-05T09:00:00", "2026-04-05T09:00:00+03:00", "cancelled", "Uusi nimi"),
        ("2026-04-12T09:00:00", "2026-04-12T09:00:00+03:00", "confirmed", "Uusi nimi"),
    ]


async def test_moving_the_series_an_hour_later_carries_its_occurrence_state(coordinator, weekly):
    await coordinator.put(occurrence_url(weekly, "2026-03-29T09:00:00"), {"title": "Erikois"})
    await coordinator.delete(occurrence_url(weekly, "2026-04-05T09:00:00"))
    patched = await coordinator.patch(
        f"/v1/events/{weekly['id']}", {"start": "2026-03-22T10:00:00"}
    )
    assert patched.status_code == 200, patched.text
    body = patched.json()
    # The duration is kept when only the start moves.
    assert (body["start"], body["end"]) == (
        "2026-03-22T10:00:00+02:00",
        "2026-03-22T11:30:00+02:00",
    )
    assert body["orphaned_recurrence_ids"] == []
    items = await occurrences(coordinator, weekly["id"], "2026-03-01", "2026-05-01")
    assert [(o["recurrence_id"], o["start"], o["status"], o["title"]) for o in items] == [
        ("2026-03-22T10:00:00", "2026-03-22T10:00:00+02:00", "confirmed", "Viikkopalaveri"),
        ("2026-03-29T10:00:00", "2026-03-29T10:00:00+03:00", "confirmed", "Erikois"),
        ("2026-04-05T10:00:00", "2026-04-05T10:00:00+03:00", "cancelled", "Viikkopalaveri"),
        ("2026-04-12T10:00:00", "2026-04-12T10:00:00+03:00", "confirmed", "Viikkopalaveri"),
    ]


async def test_moving_the_series_carries_its_exdates(coordinator, network):
    event = await make_event(
        coordinator,
        network,
        start="2026-03-22T09:00:00",
        rrule="FREQ=WEEKLY;COUNT=3",
        exdates=["2026-03-29T09:00:00"],
    )
    patched = await coordinator.patch(f"/v1/events/{event['id']}", {"start": "2026-03-22T08:15:00"})
    assert patched.json()["exdates"] == ["2026-03-29T08:15:00"]
    items = await occurrences(coordinator, event["id"], "2026-03-01", "2026-05-01")
    assert [o["recurrence_id"] for o in items] == ["2026-03-22T08:15:00", "2026-04-05T08:15:00"]


async def test_rrule_change_that_drops_an_overridden_occurrence_reports_it(coordinator, weekly):
    await coordinator.put(occurrence_url(weekly, "2026-04-12T09:00:00"), {"title": "Viimeinen"})
    await coordinator.delete(occurrence_url(weekly, "2026-03-29T09:00:00"))
    url = f"/v1/events/{weekly['id']}"
    patched = await coordinator.patch(url, {"rrule": "FREQ=WEEKLY;COUNT=2"})
    assert patched.status_code == 200, patched.text
    assert patched.json()["orphaned_recurrence_ids"] == ["2026-04-12T09:00:00"]
    assert (await coordinator.get(url)).json()["orphaned_recurrence_ids"] == ["2026-04-12T09:00:00"]
    items = await occurrences(coordinator, weekly["id"], "2026-03-01", "2026-05-01")
    assert [(o["recurrence_id"], o["status"]) for o in items] == [
        ("2026-03-22T09:00:00", "confirmed"),
        ("2026-03-29T09:00:00", "cancelled"),
    ]
    # Kept, not lost: widening the rule again brings the override back.
    restored = await coordinator.patch(url, {"rrule": "FREQ=WEEKLY;COUNT=4"})
    assert restored.json()["orphaned_recurrence_ids"] == []
    items = await occurrences(coordinator, weekly["id"], "2026-03-01", "2026-05-01")
    assert items[-1]["title"] == "Viimeinen"


async def test_an_orphaned_moved_occurrence_is_not_shown(coordinator, weekly):
    await coordinator.put(
        occurrence_url(weekly, "2026-04-12T09:00:00"), {"start": "2026-03-25T09:00:00"}
    )
    url = f"/v1/events/{weekly['id']}"
    await coordinator.patch(url, {"rrule": "FREQ=WEEKLY;COUNT=3"})
    items = await occurrences(coordinator, weekly["id"], "2026-03-01", "2026-05-01")
    assert [o["recurrence_id"] for o in items] == [
        "2026-03-22T09:00:00",
        "2026-03-29T09:00:00",
        "2026-04-05T09:00:00",
    ]


async def test_removing_the_rrule_makes_a_single_event(coordinator, weekly):
    await coordinator.delete(occurrence_url(weekly, "2026-03-29T09:00:00"))
    patched = await coordinator.patch(f"/v1/events/{weekly['id']}", {"rrule": None})
    assert patched.status_code == 200, patched.text
    assert patched.json()["rrule"] is None
    assert patched.json()["orphaned_recurrence_ids"] == ["2026-03-29T09:00:00"]
    items = await occurrences(coordinator, weekly["id"], "2026-03-01", "2026-05-01")
    assert [o["recurrence_id"] for o in items] == ["2026-03-22T09:00:00"]


async def test_switching_to_all_day_needs_a_new_start(coordinator, weekly):
    url = f"/v1/events/{weekly['id']}"
    assert_invalid(await coordinator.patch(url, {"all_day": True}), "start")
    response = await coordinator.patch(url, {"all_day": True, "start": "2026-03-22"})
    assert response.status_code == 200, response.text
    assert (response.json()["start"], response.json()["end"]) == ("2026-03-22", "2026-03-23")


async def test_invalid_patch_changes_nothing(coordinator, weekly):
    url = f"/v1/events/{weekly['id']}"
    await coordinator.put(occurrence_url(weekly, "2026-03-29T09:00:00"), {"title": "Pysyy"})
    before = await coordinator.get(url)
    response = await coordinator.patch(
        url, {"start": "2026-03-22T10:00:00", "rrule": "FREQ=WEEKLY;BYDAY=MO"}
    )
    assert_invalid(response, "rrule")
    after = await coordinator.get(url)
    assert after.json() == before.json()
    assert after.headers["etag"] == before.headers["etag"]
    one = await coordinator.get(occurrence_url(weekly, "2026-03-29T09:00:00"))
    assert one.json()["title"] == "Pysyy"


# --- SEQUENCE and ETags --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "sequence_rises"),
    [
        ({"title": "Toinen nimi"}, False),
        ({"description": "Kuvaus", "location": "Rovaniemi", "category": "Muu"}, False),
        ({"start": "2026-03-22T09:30:00"}, True),
        ({"end": "2026-03-22T11:00:00"}, True),
        ({"rrule": "FREQ=WEEKLY;COUNT=5"}, True),
        ({"exdates": ["2026-04-05T09:00:00"]}, True),
        ({"status": "cancelled"}, True),
        ({"status": "tentative"}, True),
        ({"timezone": "Europe/Stockholm"}, True),
    ],
)
async def test_sequence_rises_only_for_calendar_relevant_changes(
    coordinator, weekly, change, sequence_rises
):
    url = f"/v1/events/{weekly['id']}"
    before = await coordinator.get(url)
    response = await coordinator.patch(url, change)
    assert response.status_code == 200, response.text
    assert response.json()["sequence"] == weekly["sequence"] + int(sequence_rises)
    assert response.headers["etag"] != before.headers["etag"]
    assert (await coordinator.get(url)).headers["etag"] == response.headers["etag"]


async def test_patch_that_changes_nothing_keeps_the_etag_and_sequence(coordinator, weekly):
    url = f"/v1/events/{weekly['id']}"
    before = await coordinator.get(url)
    response = await coordinator.patch(url, {"title": weekly["title"]})
    assert response.status_code == 200
    assert response.headers["etag"] == before.headers["etag"]
    assert response.json()["sequence"] == weekly["sequence"]


async def test_occurrence_changes_change_the_series_etag(coordinator, weekly):
    url = f"/v1/events/{weekly['id']}"
    etags = [(await coordinator.get(url)).headers["etag"]]
    await coordinator.put(occurrence_url(weekly, "2026-03-29T09:00:00"), {"title": "x"})
    etags.append((await coordinator.get(url)).headers["etag"])
    await coordinator.delete(occurrence_url(weekly, "2026-03-29T09:00:00"))
    etags.append((await coordinator.get(url)).headers["etag"])
    await coordinator.put(occurrence_url(weekly, "2026-03-29T09:00:00"), {})
    etags.append((await coordinator.get(url)).headers["etag"])
    assert len(set(etags)) == 4


async def test_stale_if_match_is_refused_and_changes_nothing(coordinator, weekly):
    url = f"/v1/events/{weekly['id']}"
    first = await coordinator.get(url)
    etag = first.headers["etag"]
    ok = await coordinator.patch(url, {"title": "Ensimmäinen"}, headers={"If-Match": etag})
    assert ok.status_code == 200, ok.text
    stale = await coordinator.patch(url, {"title": "Toinen"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert stale.headers["content-type"].startswith(PROBLEM_JSON)
    assert (await coordinator.get(url)).json()["title"] == "Ensimmäinen"
    fresh = await coordinator.patch(
        url, {"title": "Toinen"}, headers={"If-Match": ok.headers["etag"]}
    )
    assert fresh.status_code == 200
    assert fresh.json()["title"] == "Toinen"


# --- the series resource -------------------------------------------------------------------


async def test_event_round_trip_with_group_and_partners(coordinator, network):
    group = await coordinator.create(
        "/v1/groups",
        {"network_id": network["id"], "name": "LAPE-ohjausryhmä", "kind": "steering_group"},
    )
    partner = await coordinator.create(
        "/v1/partners", {"network_id": network["id"], "name": "Oulun kaupunki", "kind": "ngo"}
    )
    event = await make_event(
        coordinator,
        network,
        title="  Tilannekuvaseminaari ",
        description="Vuosittainen seminaari",
        location="Oulu",
        category="Seminaarit",
        group_id=group["id"],
        partner_ids=[partner["id"], partner["id"]],
        start="2026-11-12T09:00:00",
        end="2026-11-12T16:00:00",
        status="tentative",
        url="https://example.fi/seminaari",
    )
    fetched = await coordinator.get(f"/v1/events/{event['id']}")
    assert fetched.status_code == 200
    body = fetched.json()
    assert body == event
    assert body["title"] == "Tilannekuvaseminaari"
    assert body["partner_ids"] == [partner["id"]]
    assert body["group_id"] == group["id"]
    assert body["status"] == "tentative"
    assert body["sequence"] == 0
    assert body["uid"].endswith("@vuosikello")
    [occurrence] = await occurrences(coordinator, event["id"], "2026-11-01", "2026-12-01")
    assert occurrence["status"] == "tentative"
    assert occurrence["category"] == "Seminaarit"
    assert occurrence["group_id"] == group["id"]
    assert occurrence["event_id"] == event["id"]
    assert occurrence["network_id"] == network["id"]


async def test_deleting_the_series_removes_its_occurrences(coordinator, weekly):
    await coordinator.put(occurrence_url(weekly, "2026-03-29T09:00:00"), {"title": "x"})
    response = await coordinator.delete(f"/v1/events/{weekly['id']}")
    assert response.status_code == 204
    gone = await coordinator.get(f"/v1/events/{weekly['id']}/occurrences")
    assert gone.status_code == 404
    assert (await coordinator.get(occurrence_url(weekly, "2026-03-29T09:00:00"))).status_code == 404
