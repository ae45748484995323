"""Calendar clients' HEAD requests are answered like GET without a body, and an address
that keeps guessing feed tokens is stopped (429) for the rest of the minute."""

import asyncio
import time
import uuid

import httpx

from app.core.config import get_settings


async def _feed_url(api, network: dict) -> str:
    created = await api.create("/v1/feeds", {"scope": "network", "network_id": network["id"]})
    return "/ical/" + created["https_url"].rsplit("/ical/", 1)[1]


async def test_head_is_answered_like_get_without_a_body(coordinator, anon, network):
    url = await _feed_url(coordinator, network)
    plain = {"Accept-Encoding": "identity"}  # Content-Length then counts the body as read
    got = await anon.get(url, headers=plain)
    head = await anon.request("HEAD", url, headers=plain)
    assert got.status_code == head.status_code == 200, head.text
    assert head.content == b""
    for name in ("content-type", "etag", "last-modified", "cache-control", "content-length"):
        assert head.headers[name] == got.headers[name], name
    assert int(head.headers["content-length"]) == len(got.content)
    revalidated = await anon.request("HEAD", url, headers={"If-None-Match": got.headers["etag"]})
    assert revalidated.status_code == 304
    unknown = await anon.request("HEAD", f"/ical/{uuid.uuid4().hex}.ics")
    assert unknown.status_code == 404 and unknown.content == b""


async def test_an_address_guessing_feed_tokens_is_limited(app, coordinator, network):
    url = await _feed_url(coordinator, network)
    settings = get_settings()
    limit = 5
    # Windows are whole minutes: start early in one so the guesses share it.
    if time.time() % 60 > 45:
        await asyncio.sleep(61 - time.time() % 60)
    previous = settings.feed_rate_limit_per_minute
    settings.feed_rate_limit_per_minute = limit
    guesser = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=("127.0.0.77", 4000)),
        base_url="http://vuosikello.test",
    )
    neighbour = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=("127.0.0.78", 4000)),
        base_url="http://vuosikello.test",
    )
    try:
        statuses = [
            (await guesser.get(f"/ical/{uuid.uuid4().hex}.ics")).status_code
            for _ in range(limit + 1)
        ]
        assert statuses == [404] * limit + [429], statuses
        refused = await guesser.get(url)  # a right guess now is refused like a wrong one
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert refused.json()["instance"] == "/ical/{token}.ics"
        assert (await neighbour.get(url)).status_code == 200
    finally:
        settings.feed_rate_limit_per_minute = previous
        await guesser.aclose()
        await neighbour.aclose()
