"""All-day events and series through HTTP, and time fields that do not fit."""

import pytest

from tests.support.events import assert_invalid, make_event, occurrences

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
