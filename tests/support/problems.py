"""RFC 9457 problem+json as every error of the API must look, and request-body helpers."""

from typing import Any

import httpx

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPE = "https://vuosikello.fi/problems/"


def assert_problem(
    response: httpx.Response, status: int, *fields: str, error: str | None = None
) -> dict[str, Any]:
    """An RFC 9457 problem with this status; for 422, `errors` names exactly `fields`."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"] == PROBLEM_JSON, response.headers
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith(PROBLEM_TYPE) and len(body["type"]) > len(PROBLEM_TYPE)
    assert body["title"] and body["detail"]
    assert body["instance"] == response.request.url.path
    assert "Traceback" not in response.text and 'File "' not in response.text
    if fields:
        assert sorted({e["field"] for e in body["errors"]}) == sorted(fields), body
        assert all(e["message"] and e["location"] for e in body["errors"]), body
    if error is not None:
        assert body.get("error") == error, body
    return body
