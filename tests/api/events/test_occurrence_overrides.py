"""One occurrence of a series through HTTP: moved, retitled, cancelled, restored, and the
recurrence ids that name it."""

import pytest

from tests.support.events import assert_invalid, make_event, occurrence_url, occurrences
from tests.support.problems import PROBLEM_JSON

# --- one occurrence: overrides and cancellations -------------------------------------------


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
