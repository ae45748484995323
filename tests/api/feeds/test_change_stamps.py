"""The feed freshness check is its network's change stamp (app/core/stamps.py): every kind of
change a feed shows changes its ETag, a change it does not show keeps it (a 304 for the
client), and a warm GET, gzip GET or 304 asks the database one primary-key question."""

from app.kernel.ical.text import unfold
from tests.support.builders import feed_path, new_feed
from tests.support.statements import statements


async def event(api, network_id: str, **body) -> dict:
    body = {"title": "Ohjausryhmä", "start": "2027-10-05T09:00:00", **body}
    return await api.create("/v1/events", {"network_id": network_id, **body})


class Watched:
    """A feed's path and the ETags seen so far."""

    def __init__(self, anon, feed: dict) -> None:
        self.anon, self.path = anon, feed_path(feed)
        self.etags: list[str] = []

    async def get(self) -> str:
        response = await self.anon.get(self.path)
        assert response.status_code == 200, response.text
        self.etags.append(response.headers["etag"])
        return unfold(response.text)

    async def changed(self) -> list[str]:
        before = self.etags[-1]
        lines = await self.get()
        assert self.etags[-1] != before, "the change did not change the feed's ETag"
        revalidated = await self.anon.get(self.path, headers={"If-None-Match": before})
        assert revalidated.status_code == 200
        return lines

    async def unchanged(self) -> None:
        before = self.etags[-1]
        await self.get()
        assert self.etags[-1] == before
        revalidated = await self.anon.get(self.path, headers={"If-None-Match": before})
        assert revalidated.status_code == 304


async def test_every_kind_of_event_change_changes_the_etag(admin, anon, network):
    feed = Watched(anon, await new_feed(admin, network["id"], alarms=True))
    await feed.get()
    item = await event(admin, network["id"], rrule="FREQ=MONTHLY;COUNT=4")
    assert any(x.startswith("SUMMARY:Ohjausryhmä") for x in await feed.changed())
    r = await admin.patch(f"/v1/events/{item['id']}", {"location": "Kaupungintalo"})
    assert r.status_code == 200, r.text
    assert any("Kaupungintalo" in x for x in await feed.changed())
    r = await admin.patch(f"/v1/events/{item['id']}", {"reminders": [{"offset": "-P1D"}]})
    assert r.status_code == 200, r.text
    assert "TRIGGER:-P1D" in await feed.changed()
    occurrence = f"/v1/events/{item['id']}/occurrences/2027-11-05T09:00:00"
    r = await admin.put(occurrence, {"title": "Siirretty kokous"})
    assert r.status_code == 200, r.text
    assert any("Siirretty kokous" in x for x in await feed.changed())
    assert (await admin.delete(occurrence)).status_code == 200
    await feed.changed()
    assert (await admin.delete(f"/v1/events/{item['id']}")).status_code == 204
    assert not any(x.startswith("SUMMARY:Ohjausryhmä") for x in await feed.changed())
    r = await admin.patch(f"/v1/networks/{network['id']}", {"name": "Uusi verkoston nimi"})
    assert r.status_code == 200, r.text
    assert any("Uusi verkoston nimi" in x for x in await feed.changed())


async def test_scope_changes_change_the_etag_and_others_keep_it(admin, anon, network, group):
    other_group = await admin.create(
        "/v1/groups", {"network_id": network["id"], "name": "Työryhmä", "kind": "working_group"}
    )
    feed = Watched(anon, await new_feed(admin, network["id"], scope="group", group_id=group["id"]))
    await feed.get()
    # Another group's event moves the network's stamp but not this feed's bytes: same ETag.
    await event(admin, network["id"], title="Muun ryhmän kokous", group_id=other_group["id"])
    await feed.unchanged()
    await event(admin, network["id"], title="Oma kokous", group_id=group["id"])
    assert any("Oma kokous" in x for x in await feed.changed())
    r = await admin.patch(f"/v1/groups/{group['id']}", {"name": "Uusi ryhmän nimi"})
    assert r.status_code == 200, r.text
    assert any("Uusi ryhmän nimi" in x for x in await feed.changed())


async def test_membership_and_partner_links_change_the_etag(admin, anon, network, group, partner):
    person = await admin.create("/v1/people", {"partner_id": partner["id"], "name": "Jäsen"})
    await event(admin, network["id"], title="Ryhmän kokous", group_id=group["id"])
    mine = Watched(
        anon, await new_feed(admin, network["id"], scope="person", person_id=person["id"])
    )
    assert not any("Ryhmän kokous" in x for x in await mine.get())
    r = await admin.post(f"/v1/groups/{group['id']}/members", {"person_id": person["id"]})
    assert r.status_code == 201, r.text
    assert any("Ryhmän kokous" in x for x in await mine.changed())

    theirs = Watched(
        anon, await new_feed(admin, network["id"], scope="partner", partner_id=partner["id"])
    )
    await theirs.get()
    item = await event(admin, network["id"], title="Kumppanin tapahtuma")
    await theirs.unchanged()
    r = await admin.patch(f"/v1/events/{item['id']}", {"partner_ids": [partner["id"]]})
    assert r.status_code == 200, r.text
    assert any("Kumppanin tapahtuma" in x for x in await theirs.changed())


async def test_a_warm_feed_asks_one_primary_key_question(admin, anon, network):
    await event(admin, network["id"])
    path = feed_path(await new_feed(admin, network["id"]))
    first = await anon.get(path)
    await anon.get(path, headers={"Accept-Encoding": "gzip"})  # the gzip bytes are cached too
    for headers in ({}, {"Accept-Encoding": "gzip"}, {"If-None-Match": first.headers["etag"]}):
        with statements() as seen:
            response = await anon.get(path, headers=headers)
        assert response.status_code in (200, 304)
        # One lookup; none on PostgreSQL once the stamp mirror is live (tests/api/routing/
        # test_cached_reads.py).
        assert len(seen) <= 1, seen
        assert all("change_stamps" in s and "events" not in s for s in seen), seen


async def test_a_revoked_feed_is_gone_at_once_from_a_warm_cache(admin, anon, network):
    feed = await new_feed(admin, network["id"])
    path = feed_path(feed)
    assert (await anon.get(path)).status_code == 200
    assert (await admin.delete(f"/v1/feeds/{feed['id']}")).status_code == 204
    assert (await anon.get(path)).status_code == 404
