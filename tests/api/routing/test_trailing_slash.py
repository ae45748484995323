"""A trailing slash gets a problem naming the path without it, never a redirect built from
the Host header the caller sent."""

import pytest


@pytest.mark.parametrize("path", ["/v1/networks/", "/v1/events/", "/healthz/"])
async def test_a_trailing_slash_is_a_problem_not_a_redirect_to_the_callers_host(admin, path):
    response = await admin.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 404, (response.status_code, response.headers)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "location" not in response.headers
    assert "evil.example" not in response.text
    assert path.rstrip("/") in response.json()["detail"]


async def test_an_unknown_path_with_a_slash_gets_the_plain_404(admin):
    response = await admin.get("/v1/no-such-thing/", headers={"Host": "evil.example"})
    assert response.status_code == 404
    assert "trailing slash" not in response.json()["detail"]
