"""Editing a series through HTTP keeps its per-occurrence state; SEQUENCE and ETags rise only
for what changed; the series resource round trip and deletion."""

import pytest

from tests.support.events import assert_invalid, make_event, occurrence_url, occurrences
from tests.support.problems import PROBLEM_JSON

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
