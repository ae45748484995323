"""Helpers for the event tests: create an event, list its occurrences, name one, and check a
422 that names a field."""

from typing import Any

import httpx

from tests.support.api import Api
from tests.support.problems import PROBLEM_JSON


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


def occurrence_url(event: dict, recurrence_id: str) -> str:
    return f"/v1/events/{event['id']}/occurrences/{recurrence_id}"


def assert_invalid(response: httpx.Response, field: str) -> dict:
    """A 422 problem+json that names `field` among the invalid fields."""
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    problem = response.json()
    assert problem["status"] == 422
    fields = [error["field"] for error in problem["errors"]]
    assert field in fields, fields
    return problem
