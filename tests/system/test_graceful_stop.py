"""SIGTERM stops a real `vuosikello worker` within 10 s in the middle of the horizon job, and
what it leaves is whole: each item's reminders are all extended or not at all, and the next
run completes."""

import json
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.core import clock
from app.core.db.session import get_database
from app.reminders.models import Reminder
from tests.support import DATABASE_URL, start_worker, stop
from tests.support.waiting import wait_for

pytestmark = pytest.mark.system

API_NOW = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
EVENTS = 30
SHIFT = timedelta(days=120)  # the worker lives later: its horizon reaches further


def worker_env() -> dict[str, str]:
    offset = (API_NOW + SHIFT - datetime.now(UTC)).total_seconds()
    return {
        "VUOSIKELLO_DATABASE_URL": DATABASE_URL,
        "VUOSIKELLO_CLOCK_OFFSET_SECONDS": str(offset),
        "VUOSIKELLO_HORIZON_CHUNK": "1",  # one event per transaction
        "VUOSIKELLO_REMINDER_TICK_SECONDS": "3600",  # only the horizon runs in this test
        "VUOSIKELLO_WEBHOOK_TICK_SECONDS": "3600",
    }


async def reminders_per_event(network_id: str) -> Counter:
    async with get_database().sessionmaker() as session:
        rows = await session.exec(
            # Only rows after the worker's now: dispatch and clean-up leave them alone.
            sa.select(Reminder.source_id).where(
                Reminder.network_id == uuid.UUID(network_id),
                Reminder.due_at > API_NOW + SHIFT + timedelta(days=1),
            )
        )
        return Counter(rows.scalars().all())


async def test_sigterm_mid_horizon_stops_within_10_s_and_the_rerun_completes(
    coordinator, network, tmp_path: Path
):
    rules = [
        {"offset": "-PT15M", "channels": ["notification"]},
        {"offset": "-P1D", "channels": ["notification"]},
    ]
    with clock.freeze(API_NOW):
        for index in range(EVENTS):
            await coordinator.create(
                "/v1/events",
                {
                    "network_id": network["id"],
                    "title": f"Päivittäinen {index}",
                    "start": "2026-05-01T12:00:00",
                    "rrule": "FREQ=DAILY",
                    "reminders": rules,
                },
            )
    before = await reminders_per_event(network["id"])
    assert len(before) == EVENTS and len(set(before.values())) == 1
    per_event_before = next(iter(before.values()))

    log = tmp_path / "worker.log"
    worker = start_worker(worker_env(), log)
    try:
        wait_for(lambda: "horizon started" in log.read_text(), timeout=120)
        # Signalled once the first of these events is extended (the database may hold other
        # tests' items, which go first): some chunks are in, most are not.
        for _ in range(3000):
            if max((await reminders_per_event(network["id"])).values()) > per_event_before:
                break
            time.sleep(0.02)
        signalled = time.monotonic()
        worker.terminate()
        worker.wait(timeout=30)
        stopped_in = time.monotonic() - signalled
    finally:
        stop(worker)
    text = log.read_text()
    assert stopped_in < 10, text
    assert worker.returncode == 0, text
    extended = [json.loads(line) for line in text.splitlines() if "horizon extended for" in line]
    assert len(extended) == 1, text
    synced = int(extended[0]["message"].split()[3])
    assert synced > 0, text  # after some chunks (the database may hold other tests' items)

    after_stop = await reminders_per_event(network["id"])
    assert max(after_stop.values()) > per_event_before

    rerun = start_worker(worker_env(), tmp_path / "rerun.log")
    try:
        wait_for(
            lambda: "horizon extended for" in (tmp_path / "rerun.log").read_text(), timeout=300
        )
    finally:
        stop(rerun)
    complete = await reminders_per_event(network["id"])
    assert len(complete) == EVENTS and len(set(complete.values())) == 1
    per_event_after = next(iter(complete.values()))
    assert per_event_after > per_event_before
    # Every event had its old rows or its whole new set when the worker stopped: never part.
    assert set(after_stop.values()) <= {per_event_before, per_event_after}
    rerun_line = next(
        json.loads(line)
        for line in (tmp_path / "rerun.log").read_text().splitlines()
        if "horizon extended for" in line
    )
    assert synced < int(rerun_line["message"].split()[3])  # the first run stopped mid-job
