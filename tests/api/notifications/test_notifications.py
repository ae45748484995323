"""The transactional outbox and the polling feed."""

import asyncio
import functools
import operator

from app.core.config import get_settings
from tests.support import BACKEND

EVENT = {
    "title": "LAPE-ohjausryhmä",
    "start": "2026-09-08T13:00:00",
    "rrule": "FREQ=MONTHLY;COUNT=6",
}


async def drain(api, network_id, after=None, types=None, limit=500):
    """Poll until an empty page; return the events and the last cursor."""
    seen = []
    while True:
        params = {"network_id": network_id, "limit": limit}
        if after:
            params["after"] = after
        if types:
            params["types"] = types
        response = await api.get("/v1/notifications", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["next_cursor"]
        after = body["next_cursor"]
        seen.extend(body["data"])
        if not body["data"]:
            return seen, after


async def test_every_change_is_announced_in_order_as_cloudevents(coordinator, network):
    nid = network["id"]
    partner = await coordinator.create(
        "/v1/partners", {"network_id": nid, "name": "Raahen kaupunki", "kind": "municipality"}
    )
    event = await coordinator.create("/v1/events", {"network_id": nid, **EVENT})
    r = await coordinator.patch(f"/v1/events/{event['id']}", {"location": "Raahe"})
    assert r.status_code == 200
    r = await coordinator.delete(f"/v1/events/{event['id']}/occurrences/2026-10-08T13:00:00")
    assert r.status_code == 200
    r = await coordinator.delete(f"/v1/partners/{partner['id']}")
    assert r.status_code == 204

    seen, _ = await drain(coordinator, nid)
    assert [n["type"] for n in seen] == [
        "fi.vuosikello.network.created",
        "fi.vuosikello.partner.created",
        "fi.vuosikello.event.created",
        "fi.vuosikello.event.updated",
        "fi.vuosikello.occurrence.cancelled",
        "fi.vuosikello.partner.deleted",
    ]
    first = seen[1]
    assert first["specversion"] == "1.0"
    assert first["source"] == f"/v1/networks/{nid}"
    assert first["subject"] == f"/v1/partners/{partner['id']}"
    assert first["datacontenttype"] == "application/json"
    assert first["data"]["name"] == "Raahen kaupunki"
    assert len({n["id"] for n in seen}) == len(seen)
    updated = seen[3]
    assert updated["data"]["location"] == "Raahe"
    assert updated["data"]["changed_fields"] == ["location"]
    cancelled = seen[4]
    assert cancelled["subject"].endswith("/occurrences/2026-10-08T13:00:00")
    assert cancelled["data"]["status"] == "cancelled"


async def test_refused_changes_announce_nothing(coordinator, network):
    nid = network["id"]
    event = await coordinator.create("/v1/events", {"network_id": nid, **EVENT})
    _, cursor = await drain(coordinator, nid)
    assert (
        await coordinator.post("/v1/events", {"network_id": nid, "title": "x", "start": "bad"})
    ).status_code == 422
    stale = await coordinator.patch(
        f"/v1/events/{event['id']}", {"title": "Uusi"}, headers={"If-Match": '"999"'}
    )
    assert stale.status_code == 412
    noop = await coordinator.patch(f"/v1/events/{event['id']}", {"title": EVENT["title"]})
    assert noop.status_code == 200
    seen, _ = await drain(coordinator, nid, after=cursor)
    assert seen == []


async def test_rolled_back_transaction_leaves_no_notification(network):
    """A change announced inside a transaction that rolls back is never seen."""
    import uuid

    from sqlmodel import select

    from app.auth.models import Role
    from app.auth.principal import Principal
    from app.core.db.session import get_database
    from app.notifications.models import Notification
    from app.partners import service
    from app.partners.schemas import PartnerCreate

    admin = Principal(client_id=uuid.uuid4(), role=Role.admin, network_ids=frozenset())
    async with get_database().sessionmaker() as session:
        partner = await service.create(
            session, admin, PartnerCreate(network_id=network["id"], name="Peruttu", kind="ngo")
        )
        await session.flush()
        await session.rollback()
    async with get_database().sessionmaker() as session:
        rows = await session.exec(
            select(Notification).where(Notification.subject == f"/v1/partners/{partner.id}")
        )
        assert rows.all() == []


async def test_type_globs_and_network_isolation(admin, anon, coordinator, network):
    nid = network["id"]
    other = await admin.create("/v1/networks", {"name": "Toinen verkosto"})
    outsider = await admin.client_for(anon, "coordinator", [other["id"]])
    await coordinator.create("/v1/partners", {"network_id": nid, "name": "MLL", "kind": "ngo"})
    await coordinator.create("/v1/events", {"network_id": nid, **EVENT})
    events_only, _ = await drain(coordinator, nid, types="fi.vuosikello.event.*")
    assert [n["type"] for n in events_only] == ["fi.vuosikello.event.created"]
    both, _ = await drain(
        coordinator, nid, types="fi.vuosikello.partner.created, fi.vuosikello.event.*"
    )
    assert len(both) == 2
    leaked, _ = await drain(outsider, nid)
    assert leaked == []
    bad = await coordinator.get("/v1/notifications", params={"types": "event.*"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "types"


async def test_cursor_resumes_without_gaps_or_repeats(coordinator, network):
    nid = network["id"]
    for index in range(7):
        await coordinator.create(
            "/v1/partners", {"network_id": nid, "name": f"Järjestö {index}", "kind": "ngo"}
        )
    pages, after = [], None
    while True:
        params = {"network_id": nid, "limit": 3, "types": "fi.vuosikello.partner.*"}
        params.update({"after": after} if after else {})
        body = (await coordinator.get("/v1/notifications", params=params)).json()
        if not body["data"]:
            break
        pages.append([n["data"]["name"] for n in body["data"]])
        after = body["next_cursor"]
    assert [len(p) for p in pages] == [3, 3, 1]
    assert functools.reduce(operator.iadd, pages, []) == [f"Järjestö {i}" for i in range(7)]


async def test_expired_cursor_is_gone(coordinator, network):
    nid = network["id"]
    await coordinator.create("/v1/partners", {"network_id": nid, "name": "A", "kind": "ngo"})
    first = (
        await coordinator.get("/v1/notifications", params={"network_id": nid, "limit": 1})
    ).json()
    settings = get_settings()
    saved = settings.notification_retention_days
    settings.notification_retention_days = 0
    try:
        response = await coordinator.get(
            "/v1/notifications", params={"network_id": nid, "after": first["next_cursor"]}
        )
    finally:
        settings.notification_retention_days = saved
    assert response.status_code == 410
    assert response.headers["content-type"] == "application/problem+json"
    bad = await coordinator.get("/v1/notifications", params={"after": "not-a-cursor"})
    assert bad.status_code == 422


async def test_out_of_order_commits_are_never_skipped(coordinator, network):
    """T1 writes first and commits last. PostgreSQL lets T2 commit first, and the feed holds
    T2 back until T1 is done; SQLite makes T2 wait for T1. Either way nothing is skipped."""
    import uuid

    from app.auth.models import Role
    from app.auth.principal import Principal
    from app.core.db.session import get_database
    from app.partners import service
    from app.partners.schemas import PartnerCreate

    nid = network["id"]
    _, cursor = await drain(coordinator, nid)
    admin = Principal(client_id=uuid.uuid4(), role=Role.admin, network_ids=frozenset())
    maker = get_database().sessionmaker

    async def write(session, name):
        await service.create(session, admin, PartnerCreate(network_id=nid, name=name, kind="ngo"))
        await session.commit()

    async with maker() as t1, maker() as t2:
        await service.create(t1, admin, PartnerCreate(network_id=nid, name="T1", kind="ngo"))
        await t1.flush()
        second = asyncio.create_task(write(t2, "T2"))
        await asyncio.sleep(0.5)
        if BACKEND == "postgresql":
            assert second.done()
        else:
            assert not second.done(), "SQLite let a second writer in"
        seen_early, cursor_early = await drain(coordinator, nid, after=cursor)
        await t1.commit()
        await second
    seen_late, _ = await drain(coordinator, nid, after=cursor_early)
    early = [n["data"]["name"] for n in seen_early]
    late = [n["data"]["name"] for n in seen_late]
    if BACKEND == "postgresql":
        # T2 committed first, so it has the earlier commit position and is final at once;
        # T1 commits later with a later position, after the cursor: not skipped.
        assert (early, late) == (["T2"], ["T1"])
    else:
        assert (early, late) == ([], ["T1", "T2"])


async def test_integration_resources_are_announced_without_their_secrets(coordinator, network):
    nid = network["id"]
    hook = await coordinator.create(
        "/v1/webhooks", {"network_id": nid, "url": "http://127.0.0.1:9/hooks"}
    )
    rotated = (await coordinator.post(f"/v1/webhooks/{hook['id']}/rotate-secret")).json()
    feed = await coordinator.create("/v1/feeds", {"scope": "network", "network_id": nid})
    assert (await coordinator.delete(f"/v1/webhooks/{hook['id']}")).status_code == 204
    seen, _ = await drain(coordinator, nid, types="fi.vuosikello.webhook.*,fi.vuosikello.feed.*")
    assert [n["type"] for n in seen] == [
        "fi.vuosikello.webhook.created",
        "fi.vuosikello.webhook.rotated",
        "fi.vuosikello.feed.created",
        "fi.vuosikello.webhook.deleted",
    ]
    text = str(seen)
    token = feed["https_url"].rsplit("/", 1)[1].removesuffix(".ics")
    for secret in (hook["secret"], rotated["secret"], token):
        assert secret not in text
