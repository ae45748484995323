"""The committed Postman collection and environment are what `vuosikello postman` writes from
the OpenAPI, and they are made to run as imported."""

import json
import re

from app.openapi_doc import render_postman
from tests.support import ROOT

FOLDER = ROOT / "postman"
DAY = [
    "POST /v1/auth/token", "POST /v1/networks", "POST /v1/partners", "POST /v1/people",
    "POST /v1/groups", "POST /v1/groups/:group_id/members", "POST /v1/events",
    "GET /v1/events/:event_id/occurrences", "PUT /v1/events/:event_id/occurrences/:recurrence_id",
    "POST /v1/deadlines", "GET /v1/deadlines/:deadline_id/occurrences",
    "POST /v1/deadlines/:deadline_id/occurrences/:recurrence_id/decision", "GET /v1/occurrences",
    "POST /v1/feeds", "GET /ical/:feed_token.ics", "POST /v1/webhooks",
    "POST /v1/webhooks/:webhook_id/test", "GET /v1/notifications", "GET /v1/notifications",
]  # fmt: skip


def _collection() -> dict:
    return json.loads((FOLDER / "vuosikello.postman_collection.json").read_text())


def _requests(items: list[dict]) -> list[dict]:
    out = []
    for item in items:
        out.extend(_requests(item["item"]) if "item" in item else [item])
    return out


def test_committed_postman_files_are_what_the_generator_writes():
    for name, content in render_postman().items():
        path = FOLDER / name
        assert path.exists() and path.read_text() == content, (
            f"postman/{name} is stale: run `.venv/bin/vuosikello postman` and commit the result"
        )


def test_the_collection_fetches_its_own_token_by_client_credentials():
    collection = _collection()
    auth = {entry["key"]: entry["value"] for entry in collection["auth"]["oauth2"]}
    assert collection["auth"]["type"] == "oauth2"
    assert auth["grant_type"] == "client_credentials"
    assert auth["accessTokenUrl"] == "{{baseUrl}}/v1/auth/token"
    assert (auth["clientId"], auth["clientSecret"]) == ("{{clientId}}", "{{clientSecret}}")
    script = "\n".join(collection["event"][0]["script"]["exec"])
    assert "client_credentials" in script and "pm.sendRequest" in script
    environment = json.loads((FOLDER / "vuosikello.postman_environment.json").read_text())
    keys = {value["key"]: value for value in environment["values"]}
    assert keys["baseUrl"]["value"].startswith("http")
    assert keys["clientSecret"]["type"] == "secret"
    assert {"clientId", "clientSecret"} <= set(keys)


def test_headers_and_queries_are_safe_to_send_as_imported():
    for item in _requests(_collection()["item"]):
        request = item["request"]
        for header in request["header"]:
            if header["key"] == "Idempotency-Key":
                assert header["value"] == "{{$guid}}" and not header["disabled"], item["name"]
            if header["key"] == "If-Match":
                assert header["disabled"], item["name"]
        text = json.dumps(request)
        assert not re.search(r'"<[a-z-]+>"', text), item["name"]


def test_getting_started_is_the_coordinators_day_in_order():
    collection = _collection()
    first = collection["item"][0]
    assert first["name"] == "Getting started"
    steps = [
        f"{item['request']['method']} {item['request']['url']['raw'].split('?')[0][11:]}"
        for item in first["item"]
    ]
    assert steps == DAY
    folders = [folder["name"] for folder in collection["item"]]
    assert folders[1:6] == ["auth", "networks", "partners", "people", "groups"]
    for item in first["item"]:
        tests = "\n".join(item["event"][0]["script"]["exec"])
        assert "pm.test('status is" in tests, item["name"]
    text = json.dumps(first)
    for saved in ("network_id", "partner_id", "person_id", "group_id", "event_id",
                  "deadline_id", "feed_token", "webhook_id", "notification_cursor"):  # fmt: skip
        assert f"pm.collectionVariables.set('{saved}'" in text, saved
    assert "after={{notification_cursor}}" in first["item"][-1]["request"]["url"]["raw"]
