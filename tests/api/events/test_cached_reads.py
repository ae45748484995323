"""`GET /v1/events/{id}` answers from a per-process cache of the event's JSON (app/core/
fresh.py): never stale after a write, and the caller's access is checked on every request."""

import uuid

from tests.support.statements import statements

SERIES = {"title": "Ohjausryhmä", "start": "2027-10-05T09:00:00", "rrule": "FREQ=WEEKLY;COUNT=4"}


async def _warm(api, url: str):
    """Read twice: the first answer builds the cached view, the second comes from it; the
    first is returned."""
    first = await api.get(url)
    assert first.status_code == 200, first.text
    again = await api.get(url)
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    return first


async def test_a_cached_read_is_the_same_answer_and_asks_nothing_about_the_event(
    coordinator, network
):
    posted = await coordinator.post("/v1/events", {**SERIES, "network_id": network["id"]})
    assert posted.status_code == 201, posted.text
    created = posted.json()
    url = f"/v1/events/{created['id']}"
    cold = await _warm(coordinator, url)
    with statements() as seen:
        warm = await coordinator.get(url)
    assert warm.content == cold.content
    assert warm.headers["etag"] == cold.headers["etag"] == posted.headers["etag"]
    assert warm.headers["content-type"] == "application/json"
    # The same headers in the same order (the rate limit counted, the request id its own).
    assert [k for k, _ in warm.headers.multi_items()] == [k for k, _ in cold.headers.multi_items()]
    assert warm.headers["ratelimit-policy"] == cold.headers["ratelimit-policy"]
    assert warm.headers["ratelimit"] != cold.headers["ratelimit"]  # one more request counted
    assert warm.json() == created
    # At most the network's stamp by primary key (none on PostgreSQL while the mirror is live).
    assert all("change_stamps" in s for s in seen), seen
    assert len(seen) <= 1


async def test_every_kind_of_write_is_seen_by_the_next_read(coordinator, network, partner):
    created = await coordinator.create("/v1/events", {**SERIES, "network_id": network["id"]})
    url = f"/v1/events/{created['id']}"
    await _warm(coordinator, url)

    r = await coordinator.patch(url, {"title": "Uusi otsikko"})
    assert r.status_code == 200, r.text
    shown = await coordinator.get(url)
    assert shown.json()["title"] == "Uusi otsikko"
    assert shown.headers["etag"] == r.headers["etag"] != '"1"'
    assert shown.content == (await coordinator.get(url)).content

    r = await coordinator.patch(url, {"partner_ids": [partner["id"]]})
    assert r.status_code == 200, r.text
    assert (await coordinator.get(url)).json()["partner_ids"] == [partner["id"]]

    # An occurrence moved, then dropped by an RRULE change: the view lists it as orphaned.
    moved = await coordinator.put(f"{url}/occurrences/2027-10-12T09:00:00", {"title": "Siirto"})
    assert moved.status_code == 200, moved.text
    assert (await coordinator.get(url)).json()["orphaned_recurrence_ids"] == []
    r = await coordinator.patch(url, {"rrule": "FREQ=WEEKLY;COUNT=1"})
    assert r.status_code == 200, r.text
    assert (await coordinator.get(url)).json()["orphaned_recurrence_ids"] == ["2027-10-12T09:00:00"]

    # The partner deleted elsewhere in the network: its link goes from the event's view.
    assert (await coordinator.delete(f"/v1/partners/{partner['id']}")).status_code == 204
    assert (await coordinator.get(url)).json()["partner_ids"] == []

    assert (await coordinator.delete(url)).status_code == 204
    gone = await coordinator.get(url)
    assert gone.status_code == 404, gone.text
    assert gone.headers["content-type"] == "application/problem+json"


async def test_a_network_taken_away_ends_cached_reads_at_once(admin, anon, network):
    other = await admin.create("/v1/networks", {"name": f"Toinen {uuid.uuid4().hex[:6]}"})
    created = await admin.create(
        "/v1/clients",
        {"name": "Lukija", "role": "member", "network_ids": [network["id"], other["id"]]},
    )
    member = await anon.login(created["client_id"], created["client_secret"])
    item = await admin.create("/v1/events", {**SERIES, "network_id": other["id"]})
    url = f"/v1/events/{item['id']}"
    await _warm(member, url)

    r = await admin.patch(f"/v1/clients/{created['id']}", {"network_ids": [network["id"]]})
    assert r.status_code == 200, r.text
    refused = await member.get(url)
    assert refused.status_code == 404, refused.text
    assert refused.json()["detail"] == "Event not found"
    # A caller who never could see it gets exactly the same answer from a warm cache.
    outsider = await admin.client_for(anon, "member", [network["id"]])
    assert (await outsider.get(url)).json() == refused.json()

    r = await admin.patch(f"/v1/clients/{created['id']}", {"network_ids": [other["id"]]})
    assert r.status_code == 200, r.text
    assert (await member.get(url)).status_code == 200


async def test_a_disabled_client_is_refused_a_cached_read_at_once(admin, anon, network):
    created = await admin.create(
        "/v1/clients", {"name": "Suljettava", "role": "member", "network_ids": [network["id"]]}
    )
    member = await anon.login(created["client_id"], created["client_secret"])
    item = await admin.create("/v1/events", {**SERIES, "network_id": network["id"]})
    url = f"/v1/events/{item['id']}"
    await _warm(member, url)
    r = await admin.patch(f"/v1/clients/{created['id']}", {"disabled": True})
    assert r.status_code == 200, r.text
    refused = await member.get(url)
    assert refused.status_code == 401, refused.text
    assert refused.headers["content-type"] == "application/problem+json"


async def test_a_cached_read_still_checks_the_token(coordinator, anon, network):
    item = await coordinator.create("/v1/events", {**SERIES, "network_id": network["id"]})
    url = f"/v1/events/{item['id']}"
    await _warm(coordinator, url)
    assert (await anon.get(url)).status_code == 401
    forged = coordinator.token[:-4] + ("AAAA" if not coordinator.token.endswith("AAAA") else "BBBB")
    refused = await anon.get(url, headers={"Authorization": f"Bearer {forged}"})
    assert refused.status_code == 401
    assert (await coordinator.get(url)).status_code == 200
