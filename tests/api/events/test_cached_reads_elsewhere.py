"""Cached reads (app/core/fresh.py) after a change made by another process: the CLI's
calendar import updates an event by UID, and the next read shows it. On PostgreSQL the stamp
mirror (app/core/db/mirror.py) hears it by NOTIFY, and while its listener is down every read
asks the database instead."""

import asyncio
import time
import uuid

import psycopg
import pytest
from sqlalchemy.engine import make_url

from app.core.db.mirror import APPLICATION_NAME
from tests.support.cli import run_cli
from tests.support.database import BACKEND, DATABASE_URL
from tests.support.statements import statements

CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Vuosikello tests//FI
BEGIN:VEVENT
UID:{uid}
DTSTAMP:20270101T000000Z
DTSTART;TZID=Europe/Helsinki:20271005T090000
DTEND;TZID=Europe/Helsinki:20271005T110000
SUMMARY:{title}
END:VEVENT
END:VCALENDAR
"""


def _import(tmp_path, network_id: str, uid: str, title: str) -> None:
    path = tmp_path / f"{uuid.uuid4().hex}.ics"
    path.write_text(CALENDAR.format(uid=uid, title=title))
    done = run_cli("import", str(path), "--network", network_id, "--json")
    assert done.returncode == 0, done.stderr


async def _imported(api, network_id: str, uid: str) -> str:
    listed = await api.get(f"/v1/events?network_id={network_id}")
    assert listed.status_code == 200, listed.text
    (event,) = [e for e in listed.json()["data"] if e["uid"] == uid]
    return f"/v1/events/{event['id']}"


async def test_a_change_by_another_process_is_seen_by_the_next_read(coordinator, network, tmp_path):
    uid = f"{uuid.uuid4().hex}@elsewhere.test"
    _import(tmp_path, network["id"], uid, "Ensimmäinen")
    url = await _imported(coordinator, network["id"], uid)
    for _ in range(2):
        assert (await coordinator.get(url)).json()["title"] == "Ensimmäinen"
    list_before = await coordinator.get("/v1/networks")
    for title in ("Toinen", "Kolmas"):
        _import(tmp_path, network["id"], uid, title)
        assert (await coordinator.get(url)).json()["title"] == title
    assert (await coordinator.get("/v1/networks")).content == list_before.content


def _admin_url() -> str:
    return make_url(DATABASE_URL).set(drivername="postgresql").render_as_string(False)


def _listeners() -> int:
    with psycopg.connect(_admin_url(), autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = %s AND datname = current_database()",
            (APPLICATION_NAME,),
        ).fetchall()
    return len(rows)


async def _until_warm_reads_ask_nothing(api, url: str) -> None:
    deadline = time.monotonic() + 10
    while True:
        with statements() as seen:
            assert (await api.get(url)).status_code == 200
        if not seen:
            return
        assert time.monotonic() < deadline, f"the mirror never answered alone: {seen}"
        await asyncio.sleep(0.05)


@pytest.mark.skipif(BACKEND != "postgresql", reason="the stamp mirror is PostgreSQL's")
async def test_reads_stay_exact_while_the_stamp_listener_is_down(coordinator, network, tmp_path):
    uid = f"{uuid.uuid4().hex}@listener.test"
    _import(tmp_path, network["id"], uid, "Ennen")
    url = await _imported(coordinator, network["id"], uid)
    # Live: a warm read asks the database nothing at all.
    await _until_warm_reads_ask_nothing(coordinator, url)

    assert _listeners() == 1  # this process's listener, cut off
    _import(tmp_path, network["id"], uid, "Katkon aikana")
    with statements() as seen:
        shown = await coordinator.get(url)
    assert shown.json()["title"] == "Katkon aikana"
    assert any("change_stamps" in s for s in seen), "answered from the mirror while it was down"

    # It reconnects, loads every stamp again, and answers alone once more.
    await _until_warm_reads_ask_nothing(coordinator, url)
    _import(tmp_path, network["id"], uid, "Jälkeen")
    assert (await coordinator.get(url)).json()["title"] == "Jälkeen"
