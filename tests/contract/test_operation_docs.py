"""Every operation of the served OpenAPI is documented from app/apidocs: a plain-language
summary, a description, a known tag and an example, so a new operation cannot land bare."""

import pytest

from app.apidocs.operations import OPERATIONS, TAGS

METHODS = {"get", "head", "put", "post", "delete", "patch"}


@pytest.fixture(scope="module")
async def document(anon) -> dict:
    response = await anon.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(document: dict) -> list[tuple[str, dict]]:
    return [
        (f"{method.upper()} {path}", operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def _has_example(operation: dict) -> bool:
    if any("example" in p or "examples" in p for p in operation.get("parameters", [])):
        return True
    media = [
        *operation.get("requestBody", {}).get("content", {}).values(),
        *(c for r in operation["responses"].values() for c in r.get("content", {}).values()),
    ]
    return any("example" in m or "examples" in m for m in media)


async def test_every_operation_has_a_summary_a_description_and_an_example(document):
    bare = []
    for name, operation in _operations(document):
        summary = operation.get("summary", "")
        if len(summary.split()) <= 2:
            bare.append(f"{name}: summary {summary!r} (add a row to app/apidocs/operations.py)")
        if not operation.get("description"):
            bare.append(f"{name}: no description")
        if not _has_example(operation):
            bare.append(f"{name}: no example (app/apidocs/examples.py)")
    assert not bare, "\n".join(bare)


async def test_the_table_names_only_operations_that_exist(document):
    served = {operation["operationId"] for _, operation in _operations(document)}
    assert set(OPERATIONS) - served == set()


async def test_every_operation_has_a_described_tag_in_the_coordinators_order(document):
    tags = [tag["name"] for tag in document["tags"]]
    assert tags == [name for name, _ in TAGS]
    assert tags[:6] == ["auth", "networks", "partners", "people", "groups", "events"]
    assert all(tag["description"] for tag in document["tags"])
    for name, operation in _operations(document):
        assert operation["tags"][0] in tags, name


async def test_optional_headers_are_documented_as_optional_with_their_use(document):
    for name, operation in _operations(document):
        for parameter in operation.get("parameters", []):
            if parameter["name"] in ("Idempotency-Key", "If-Match"):
                assert parameter.get("required") is not True, name
                assert parameter["description"].startswith("Optional."), name


async def test_the_feed_path_parameter_says_what_it_is(document):
    assert "/ical/{feed_token}.ics" in document["paths"]
    assert not any("{token}" in path for path in document["paths"])
