"""Feed subscriptions through HTTP: creation, scopes, the calendar's form, caching, revocation."""

import gzip
import re
import uuid

import pytest

from app.kernel.ical.text import unfold
from tests.support.builders import feed_path, new_feed


def token_of(feed: dict) -> str:
    return feed_path(feed).removeprefix("/ical/").removesuffix(".ics")


async def event(api, network_id: str, **body) -> dict:
    body = {"title": "Ohjausryhmä", "start": "2027-10-05T09:00:00", **body}
    return await api.create("/v1/events", {"network_id": network_id, **body})


async def test_create_returns_urls_once_and_lists_without_token(admin, anon, network):
    feed = await new_feed(admin, network["id"], name="Verkoston vuosikello")
    token = token_of(feed)
    assert len(token) >= 22  # >= 128 bits in URL-safe base64
    assert feed["https_url"].endswith(f"/ical/{token}.ics")
    assert feed["webcal_url"].startswith("webcal://") and feed["webcal_url"].endswith(".ics")
    listed = await admin.get("/v1/feeds")
    assert listed.status_code == 200
    assert feed["id"] in [f["id"] for f in listed.json()["data"]]
    one = await admin.get(f"/v1/feeds/{feed['id']}")
    for response in (listed, one):
        assert token not in response.text and "https_url" not in response.text
    calendar = await anon.get(feed_path(feed))
    assert calendar.status_code == 200 and token not in calendar.text


async def test_calendar_form(admin, anon, network):
    await event(admin, network["id"], rrule="FREQ=YEARLY", category="Seminaarit, isot")
    await event(admin, network["id"], title="Ruotsi", timezone="Europe/Stockholm")
    await event(admin, network["id"], title="Koko päivä", start="2027-05-20", end="2027-05-22")
    feed = await new_feed(admin, network["id"])
    r = await anon.get(feed_path(feed))
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/calendar; charset=utf-8"
    raw = r.content
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    lines = unfold(raw.decode())
    names = [line.split(":", 1)[0].split(";", 1)[0] for line in lines]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    for name in ("VERSION", "PRODID", "NAME", "X-WR-CALNAME", "DESCRIPTION", "X-PUBLISHED-TTL"):
        assert name in names, name
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert "METHOD" not in names
    assert lines.count("TZID:Europe/Helsinki") == 1
    assert lines.count("TZID:Europe/Stockholm") == 1
    assert "DTSTART;VALUE=DATE:20270520" in lines and "DTEND;VALUE=DATE:20270522" in lines
    assert "CATEGORIES:Seminaarit\\, isot" in lines
    assert "@" not in "".join(x for x in lines if not x.startswith("UID:"))


async def test_cache_headers_etag_304_gzip(admin, anon, network):
    await event(admin, network["id"], description="Pitkä kuvaus " * 50)
    path = feed_path(await new_feed(admin, network["id"]))
    first = await anon.get(path)
    second = await anon.get(path)
    assert first.content == second.content  # byte-identical when nothing changed
    assert first.headers["etag"] == second.headers["etag"]
    assert first.headers["cache-control"].startswith("private")
    assert first.headers["referrer-policy"] == "no-referrer"
    assert first.headers["last-modified"].endswith("GMT")
    etag = first.headers["etag"]
    r = await anon.get(path, headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b"" and r.headers["etag"] == etag
    r = await anon.get(path, headers={"If-Modified-Since": first.headers["last-modified"]})
    assert r.status_code == 304
    r = await anon.get(path, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert r.status_code == 200
    r = await anon.get(path, headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
    assert r.content == first.content  # httpx decodes it
    assert int(r.headers["content-length"]) < len(first.content)
    raw = await anon.http.send(
        anon.http.build_request("GET", path, headers={"Accept-Encoding": "gzip"}), stream=True
    )
    body = b"".join([chunk async for chunk in raw.aiter_raw()])
    assert gzip.decompress(body) == first.content
    r = await anon.get(path, headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in r.headers


async def test_changes_invalidate_exactly(admin, anon, network):
    item = await event(admin, network["id"], rrule="FREQ=MONTHLY;COUNT=5")
    path = feed_path(await new_feed(admin, network["id"]))
    base = await anon.get(path)
    # Another network's change leaves this feed alone.
    other = await admin.create("/v1/networks", {"name": f"Muu {uuid.uuid4().hex[:6]}"})
    await event(admin, other["id"], title="Muualla")
    assert (await anon.get(path)).headers["etag"] == base.headers["etag"]
    # A moved occurrence changes it, and SEQUENCE rises.
    r = await admin.put(
        f"/v1/events/{item['id']}/occurrences/2027-11-05T09:00:00",
        {"start": "2027-11-06T09:00:00"},
    )
    assert r.status_code == 200, r.text
    moved = await anon.get(path)
    assert moved.headers["etag"] != base.headers["etag"]
    assert "RECURRENCE-ID;TZID=Europe/Helsinki:20271105T090000" in unfold(moved.text)
    seq = [int(x.split(":")[1]) for x in unfold(moved.text) if x.startswith("SEQUENCE:")]
    assert min(seq) >= 1
    # A retitle is a change too; a deletion as well.
    r = await admin.patch(f"/v1/events/{item['id']}", {"title": "Uusi nimi"})
    assert r.status_code == 200
    retitled = await anon.get(path)
    assert "SUMMARY:Uusi nimi" in retitled.text
    assert (await admin.delete(f"/v1/events/{item['id']}")).status_code == 204
    emptied = await anon.get(path)
    assert "BEGIN:VEVENT" not in emptied.text


async def test_revoked_feed_is_404_without_echoing_the_token(admin, anon, network):
    feed = await new_feed(admin, network["id"])
    path = feed_path(feed)
    assert (await anon.get(path)).status_code == 200
    assert (await admin.delete(f"/v1/feeds/{feed['id']}")).status_code == 204
    r = await anon.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert token_of(feed) not in r.text
    assert (await anon.get("/ical/not-a-real-token.ics")).status_code == 404
    assert (await admin.get(f"/v1/feeds/{feed['id']}")).status_code == 404


async def test_member_subscribes_but_not_across_networks(admin, anon, network):
    member = await admin.client_for(anon, "member", [network["id"]])
    other = await admin.create("/v1/networks", {"name": f"Toinen {uuid.uuid4().hex[:6]}"})
    await event(admin, other["id"], title="Salainen kokous")
    mine = await new_feed(member, network["id"])
    r = await member.post("/v1/feeds", {"scope": "network", "network_id": other["id"]})
    assert r.status_code == 422
    listed = (await member.get("/v1/feeds")).json()["data"]
    assert [f["id"] for f in listed] == [mine["id"]]
    # Someone else's feed is invisible to a member, even in the same network.
    admins = await new_feed(admin, network["id"])
    assert (await member.get(f"/v1/feeds/{admins['id']}")).status_code == 404
    assert (await member.delete(f"/v1/feeds/{admins['id']}")).status_code == 404
    body = (await anon.get(feed_path(mine))).text
    assert "Salainen" not in body
    # A scope object of another network is refused.
    group = await admin.create(
        "/v1/groups", {"network_id": other["id"], "name": "Ryhmä", "kind": "working_group"}
    )
    r = await member.post(
        "/v1/feeds", {"scope": "group", "network_id": network["id"], "group_id": group["id"]}
    )
    assert r.status_code == 422


@pytest.mark.parametrize(
    "body",
    [
        {"scope": "group"},
        {"scope": "network", "group_id": "00000000-0000-0000-0000-000000000000"},
        {"scope": "weekly"},
        {"scope": "network", "token": "x"},
    ],
)
async def test_bad_feed_bodies(admin, network, body):
    r = await admin.post("/v1/feeds", {"network_id": network["id"], **body})
    assert r.status_code == 422, r.text


async def test_scopes_group_partner_person_and_categories(admin, anon, network):
    nid = network["id"]
    group = await admin.create(
        "/v1/groups", {"network_id": nid, "name": "Ohjausryhmä", "kind": "steering_group"}
    )
    partner = await admin.create(
        "/v1/partners", {"network_id": nid, "name": "Kuopio", "kind": "municipality"}
    )
    person = await admin.create(
        "/v1/people", {"partner_id": partner["id"], "name": "Maija", "email": "maija@example.fi"}
    )
    await event(admin, nid, title="Ryhmän kokous", group_id=group["id"])
    await event(admin, nid, title="Kunnan juttu", partner_ids=[partner["id"]], category="Kunta")
    await event(admin, nid, title="Muu", category="Muut")
    g = await anon.get(feed_path(await new_feed(admin, nid, scope="group", group_id=group["id"])))
    assert "Ryhmän kokous" in g.text and "Kunnan juttu" not in g.text and "Ohjausryhmä" in g.text
    p = await anon.get(
        feed_path(await new_feed(admin, nid, scope="partner", partner_id=partner["id"]))
    )
    assert "Kunnan juttu" in p.text and "Ryhmän kokous" not in p.text
    c = await anon.get(feed_path(await new_feed(admin, nid, categories=["Muut"])))
    assert "SUMMARY:Muu\r\n" in c.text and "Kunnan juttu" not in c.text
    person_feed = await new_feed(admin, nid, scope="person", person_id=person["id"])
    before = await anon.get(feed_path(person_feed))
    assert "Ryhmän kokous" not in before.text
    r = await admin.post(f"/v1/groups/{group['id']}/members", {"person_id": person["id"]})
    assert r.status_code == 201, r.text
    after = await anon.get(feed_path(person_feed))
    assert "Ryhmän kokous" in after.text and "Muu" not in re.findall("SUMMARY:(.*)", after.text)
    assert "maija@example.fi" not in after.text


async def test_alarms_from_reminder_rules(admin, anon, network):
    await event(admin, network["id"], reminders=[{"offset": "-P1D"}, {"offset": "-PT30M"}])
    with_alarms = await anon.get(feed_path(await new_feed(admin, network["id"], alarms=True)))
    lines = unfold(with_alarms.text)
    assert lines.count("BEGIN:VALARM") == 2
    assert "TRIGGER:-P1D" in lines and "TRIGGER:-PT30M" in lines and "ACTION:DISPLAY" in lines
    without = await anon.get(feed_path(await new_feed(admin, network["id"])))
    assert "VALARM" not in without.text


def test_feed_tokens_are_redacted_from_logs():
    import logging

    from app.feeds.redact import RedactFeedTokens, log_config

    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", "/ical/SECRETtoken_123-x.ics?x=1", "1.1", 200), None,
    )  # fmt: skip
    assert RedactFeedTokens().filter(record)
    assert "SECRET" not in record.getMessage() and "/ical/[redacted]" in record.getMessage()
    config = log_config()
    assert all("redact_feed_tokens" in h["filters"] for h in config["handlers"].values())
