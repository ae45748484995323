"""Size caps: request bodies (1 MiB), imports (10 MiB, 5000 components), page size (500)
and the timeline window (5 years); each refused as problem+json naming what is too big."""

from collections.abc import AsyncIterator

MIB = 1024 * 1024


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()


def _network_body(size: int) -> bytes:
    """A JSON network of `size` bytes (the description is cut later by validation)."""
    head, tail = b'{"name": "Iso", "description": "', b'"}'
    return head + b"a" * (size - len(head) - len(tail)) + tail


async def test_a_body_over_the_cap_is_refused_before_it_is_read(coordinator):
    response = await coordinator.post(
        "/v1/networks",
        content=_network_body(MIB + 1),
        headers={"Content-Type": "application/json"},
    )
    problem = _problem(response, 413)
    assert problem["type"].endswith("/payload-too-large")
    assert str(MIB) in problem["detail"]
    # At the cap the body is read and validated as usual (here: the description is too long).
    at_cap = await coordinator.post(
        "/v1/networks", content=_network_body(MIB), headers={"Content-Type": "application/json"}
    )
    assert at_cap.status_code == 422


async def test_a_chunked_body_is_counted_while_it_streams(admin):
    async def chunks() -> AsyncIterator[bytes]:
        body = _network_body(MIB + 64 * 1024)
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    response = await admin.post(
        "/v1/networks", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    _problem(response, 413)


def _calendar(events: int, padding: int = 0) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//limits//FI"]
    for n in range(events):
        lines += [
            "BEGIN:VEVENT",
            f"UID:limits-{n}@example.fi",
            "DTSTART:20270310T080000Z",
            "SUMMARY:Kokous",
            "END:VEVENT",
        ]
    if padding:
        lines.append("X-PADDING:" + "a" * padding)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


async def test_imports_have_a_larger_cap_and_a_component_cap(coordinator, network):
    url = f"/v1/networks/{network['id']}/import"
    calendar = {"Content-Type": "text/calendar"}
    # Over the general cap, under the import cap: imported.
    padded = _calendar(1, padding=2 * MIB)
    accepted = await coordinator.post(url, content=padded, headers=calendar)
    assert accepted.status_code == 200, accepted.text[:500]
    assert accepted.json()["created"] == 1
    too_big = await coordinator.post(url, content=_calendar(1, 10 * MIB), headers=calendar)
    assert str(10 * MIB) in _problem(too_big, 413)["detail"]
    multipart = await coordinator.post(
        url, files={"file": ("iso.ics", _calendar(1, 10 * MIB), "text/calendar")}
    )
    _problem(multipart, 413)
    too_many = await coordinator.post(url, content=_calendar(5001), headers=calendar)
    [error] = _problem(too_many, 422)["errors"]
    assert error["field"] == "file"
    assert "5001 components" in error["message"] and "5000" in error["message"]


async def test_page_size_is_capped(coordinator, network):
    assert (await coordinator.get("/v1/partners", params={"limit": 500})).status_code == 200
    for limit in (501, 0):
        problem = _problem(await coordinator.get("/v1/partners", params={"limit": limit}), 422)
        [error] = problem["errors"]
        assert (error["field"], error["location"]) == ("limit", "query")


async def test_the_timeline_window_is_capped(coordinator, network):
    ok = await coordinator.get(
        "/v1/occurrences",
        params={"network_id": network["id"], "from": "2026-01-01", "to": "2030-12-31"},
    )
    assert ok.status_code == 200
    problem = _problem(
        await coordinator.get(
            "/v1/occurrences",
            params={"network_id": network["id"], "from": "2026-01-01", "to": "2032-01-01"},
        ),
        422,
    )
    [error] = problem["errors"]
    assert (error["field"], error["location"]) == ("to", "query")
    assert "1830 days" in error["message"]
