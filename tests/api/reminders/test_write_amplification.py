"""Reminder write amplification is capped and paid for (issue 16, weakness 8): rules per item
and reminder rows per write have limits that a 422 names with the settings that set them,
and the rows a write materialises count against the client's rate limit."""

import re
import time
from datetime import UTC, datetime

import pytest

from app.core import clock
from app.core.config import get_settings
from tests.support.reminders import reminders_of

# Years ahead: the rows these tests write never fall due for the suite's real workers.
NOW = datetime(2031, 9, 1, 6, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with clock.freeze(NOW):
        yield


def daily(network: dict, rules: int) -> dict:
    return {
        "network_id": network["id"],
        "title": "Päivittäinen tilannekatsaus",
        "start": "2031-09-02T09:00:00",
        "rrule": "FREQ=DAILY",
        "reminders": [{"offset": f"-PT{minutes}M"} for minutes in range(1, rules + 1)],
    }


def problem_field(response) -> tuple[str, str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    (error,) = response.json()["errors"]
    return error["field"], error["message"]


async def test_a_daily_series_with_twenty_rules_is_refused_whole(coordinator, network):
    response = await coordinator.post("/v1/events", daily(network, 20))
    field, message = problem_field(response)
    assert field == "reminders"
    assert "at most 2000 per write" in message
    assert "VUOSIKELLO_REMINDER_ROWS_PER_WRITE_MAX" in message
    events = await coordinator.get("/v1/events", params={"network_id": network["id"]})
    assert events.json()["data"] == []
    assert await reminders_of(coordinator, network_id=network["id"]) == []


async def test_an_edit_past_the_row_cap_is_refused_and_changes_nothing(coordinator, network):
    created = await coordinator.post("/v1/events", daily(network, 1))
    assert created.status_code == 201, created.text
    before = await reminders_of(coordinator, network_id=network["id"])
    assert 300 < len(before) <= 2000
    response = await coordinator.patch(
        f"/v1/events/{created.json()['id']}",
        {"reminders": daily(network, 6)["reminders"]},
        headers={"If-Match": created.headers["etag"]},
    )
    assert problem_field(response)[0] == "reminders"
    assert await reminders_of(coordinator, network_id=network["id"]) == before


async def test_rules_per_item_are_capped_by_a_setting(coordinator, network):
    response = await coordinator.post("/v1/events", {**daily(network, 21), "rrule": None})
    field, message = problem_field(response)
    assert field == "reminders"
    assert "at most 20 per item" in message
    assert "VUOSIKELLO_REMINDER_RULES_PER_ITEM_MAX" in message
    deadline = {
        "network_id": network["id"],
        "title": "Talousarvio",
        "due": "2031-11-30T16:00:00",
        "milestones": [
            {"name": "Valmistelu", "offset": "-P30D", "reminders": daily(network, 21)["reminders"]}
        ],
    }
    field, message = problem_field(await coordinator.post("/v1/deadlines", deadline))
    assert field == "milestones[0].reminders" and "at most 20 per item" in message


def remaining(response) -> int:
    return int(re.search(r";r=(\d+)", response.headers["ratelimit"]).group(1))


async def test_materialised_rows_count_against_the_rate_limit(admin, anon, network, monkeypatch):
    client = await admin.client_for(anon, "coordinator", [network["id"]])
    # A fixed minute window: start early in one so the burst cannot straddle two.
    if time.time() % 60 > 40:
        time.sleep(60 - time.time() % 60 + 0.2)
    monkeypatch.setattr(get_settings(), "rate_limit_per_minute", 60)
    first = await client.get("/v1/events", params={"network_id": network["id"]})
    start = remaining(first)
    created = await client.post("/v1/events", daily(network, 4))
    assert created.status_code == 201, created.text
    after = await client.get("/v1/events", params={"network_id": network["id"]})
    rows = len(await reminders_of(client, source_id=created.json()["id"]))
    assert 1500 < rows <= 2000
    # The write cost one request plus one per 100 rows it wrote; the GET one more.
    assert remaining(after) == start - 1 - rows // 100 - 1
    statuses = []
    while len(statuses) < 10 and 429 not in statuses:
        statuses.append((await client.post("/v1/events", daily(network, 4))).status_code)
    # 17 requests' worth a write: the budget of 60 is spent by the fourth, not the 60th.
    assert statuses in ([201, 201, 429], [201, 201, 201, 429]), statuses
