"""The committed OpenAPI, imported by openapi-to-postmanv2 (the converter Postman uses) with its
default options and example-based parameters, gives requests that work as imported."""

import json
import os
import re
import subprocess

import pytest

from tests.support import ROOT
from tests.support.node import NODE, missing

OPENAPI = ROOT / "openapi" / "openapi.json"
CONVERT = ROOT / "tests" / "support" / "openapi_to_postman.cjs"
PLACEHOLDER = re.compile(r"<[^<>\s]+>")


@pytest.fixture(scope="module")
def imported() -> dict:
    reason = missing()
    if reason and os.environ.get("CI") == "true":
        pytest.fail(reason)
    if reason:
        pytest.skip(reason)
    done = subprocess.run(
        [NODE, str(CONVERT), str(OPENAPI)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _requests(items: list[dict]) -> list[dict]:
    out = []
    for item in items:
        out.extend(_requests(item["item"]) if "item" in item else [item])
    return out


def _operations() -> list[dict]:
    document = json.loads(OPENAPI.read_text())
    return [op for item in document["paths"].values() for op in item.values()]


def test_the_token_is_fetched_by_the_client_credentials_flow(imported):
    secured = [r for r in _requests(imported["item"]) if r["request"].get("auth")]
    assert secured
    for request in secured:
        auth = request["request"]["auth"]
        if auth["type"] == "noauth":
            continue
        settings = {entry["key"]: entry["value"] for entry in auth["oauth2"]}
        assert auth["type"] == "oauth2", request["name"]
        assert settings["grant_type"] == "client_credentials", request["name"]
        assert settings["accessTokenUrl"].endswith("/v1/auth/token"), request["name"]


def test_base_url_is_a_real_url(imported):
    variables = {v["key"]: v["value"] for v in imported["variable"]}
    assert re.fullmatch(r"https?://[^/<>{}\s]+(/\S*)?", variables["baseUrl"])


def test_no_body_or_enabled_parameter_holds_a_placeholder(imported):
    found = []
    for item in _requests(imported["item"]):
        request = item["request"]
        url = request["url"]
        values = [request.get("body", {}).get("raw", "")]
        values += [f["value"] for f in request.get("body", {}).get("urlencoded", [])]
        for entry in [*url.get("query", []), *request.get("header", []), *url.get("variable", [])]:
            if not entry.get("disabled"):
                values.append(str(entry.get("value", "")))
        found += [f"{item['name']}: {v[:80]!r}" for v in values if PLACEHOLDER.search(v)]
    collection_variables = [str(v["value"]) for v in imported["variable"]]
    found += [v for v in collection_variables if PLACEHOLDER.search(v)]
    assert not found, "\n".join(found)


def test_every_operation_has_a_readable_name_and_an_example(imported):
    names = [item["name"] for item in _requests(imported["item"])]
    operations = _operations()
    assert {op["summary"] for op in operations} <= set(names)
    for operation in operations:
        assert len(operation["summary"].split()) > 2, operation["operationId"]
        assert "example" in json.dumps(operation), operation["operationId"]
    # One name for one operation: no more "Create" ten times over.
    assert len({op["summary"] for op in operations}) == len(operations)


def test_the_webhook_event_definitions_are_kept(imported):
    folders = {folder["name"]: folder for folder in imported["item"]}
    assert len(_requests(folders["Webhooks"]["item"])) >= 40
