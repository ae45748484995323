"""Real `vuosikello worker` processes on the test database (SQLite or PostgreSQL): racing
workers send nothing twice, and a worker killed mid-dispatch loses nothing.

The workers' clock is shifted (VUOSIKELLO_CLOCK_OFFSET_SECONDS): only the clock is controlled."""

import signal
import subprocess
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.core import clock
from tests.support import DATABASE_URL, VUOSIKELLO, live_server, start_worker, stop
from tests.support.reminders import reminders_of
from tests.support.smtp import SmtpServer
from tests.support.waiting import wait_for

pytestmark = pytest.mark.system

API_NOW = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)  # 11:00 in Helsinki
WORKER_NOW = "2026-05-01T09:00:00+00:00"  # 12:00: every reminder below is due


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def workers(tmp_path: Path, smtp: SmtpServer):
    # The workers' clock runs (leases expire) from WORKER_NOW on.
    offset = (datetime.fromisoformat(WORKER_NOW) - datetime.now(UTC)).total_seconds()
    started: list[subprocess.Popen] = []

    def start(name: str) -> subprocess.Popen:
        env = {
            "VUOSIKELLO_DATABASE_URL": DATABASE_URL,
            "VUOSIKELLO_CLOCK_OFFSET_SECONDS": str(offset),
            "VUOSIKELLO_SMTP_HOST": "127.0.0.1",
            "VUOSIKELLO_SMTP_PORT": str(smtp.port),
            # Small batches and a short lease make the workers interleave and recover fast.
            "VUOSIKELLO_REMINDER_BATCH_SIZE": "5",
            "VUOSIKELLO_REMINDER_LEASE_SECONDS": "3",
            "VUOSIKELLO_REMINDER_TICK_SECONDS": "0.2",
        }
        process = start_worker(env, tmp_path / f"{name}.log")
        started.append(process)
        return process

    yield start
    for log in sorted(tmp_path.glob("*.log")):
        print(log.name, log.read_text()[-2000:])
    for process in started:
        stop(process, timeout=10)


async def due_reminders(coordinator, network: dict, events: int) -> list[str]:
    """`events` events with 20 email+notification reminders each, all due for the workers."""
    partner = await coordinator.create(
        "/v1/partners", {"network_id": network["id"], "name": "Kunta", "kind": "other"}
    )
    person = await coordinator.create(
        "/v1/people", {"partner_id": partner["id"], "name": "Aino", "email": "aino@example.fi"}
    )
    rules = [
        {
            "offset": f"-PT{minutes}M",
            "channels": ["email", "notification"],
            "recipients": {"person_ids": [person["id"]]},
        }
        for minutes in range(1, 21)
    ]
    with clock.freeze(API_NOW):
        for index in range(events):
            await coordinator.create(
                "/v1/events",
                {
                    "network_id": network["id"],
                    "title": f"Kokous {index}",
                    "start": "2026-05-01T12:00:00",
                    "reminders": rules,
                },
            )
        rows = await reminders_of(coordinator, network_id=network["id"])
    assert len(rows) == 20 * events and {r["status"] for r in rows} == {"scheduled"}
    return [r["id"] for r in rows]


async def notification_subjects(network: dict) -> Counter:
    from app.core.db.session import get_database
    from app.notifications.models import Notification

    async with get_database().sessionmaker() as session:
        rows = await session.exec(
            sa.select(Notification.subject).where(
                Notification.network_id == uuid.UUID(network["id"]),
                Notification.type == "fi.vuosikello.reminder.due",
            )
        )
        return Counter(rows.scalars().all())


def received_ids(smtp: SmtpServer) -> Counter:
    return Counter(m.reminder_id for m in smtp.mailbox.snapshot())


async def test_two_racing_workers_send_each_reminder_once(coordinator, network, smtp, workers):
    ids = await due_reminders(coordinator, network, events=5)
    workers("a")
    workers("b")
    wait_for(lambda: len(received_ids(smtp)) >= len(ids), timeout=90)
    time.sleep(1.0)  # anything sent twice would arrive now
    # The workers serve the whole database: reminders other tests left due may arrive too.
    sent = {i: n for i, n in received_ids(smtp).items() if i in set(ids)}
    assert set(sent) == set(ids)
    assert max(sent.values()) == 1, [i for i, n in sent.items() if n > 1]
    subjects = await notification_subjects(network)
    assert len(subjects) == len(ids) and max(subjects.values()) == 1
    rows = await reminders_of(coordinator, network_id=network["id"])
    assert {r["status"] for r in rows} == {"sent"}


async def test_a_worker_killed_mid_dispatch_loses_nothing(coordinator, network, smtp, workers):
    ids = await due_reminders(coordinator, network, events=2)
    smtp.mailbox.delay = 0.1  # slow SMTP: the kill lands while a send is in flight
    first = workers("first")
    wait_for(lambda: len(smtp.mailbox.snapshot()) >= 10, timeout=60, interval=0.02)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    before = received_ids(smtp)
    assert len(before) < len(ids), "the worker finished before it was killed"
    workers("second")
    wait_for(lambda: set(received_ids(smtp)) >= set(ids), timeout=90)
    # Every row ends up sent: the in-flight one is marked by the second worker.

    async def all_sent() -> bool:
        rows = await reminders_of(coordinator, network_id=network["id"], status="sent")
        return len(rows) == len(ids)

    for _ in range(100):
        if await all_sent():
            break
        time.sleep(0.1)
    assert await all_sent()
    sent = {i: n for i, n in received_ids(smtp).items() if i in set(ids)}
    duplicates = sum(n - 1 for n in sent.values())
    assert duplicates <= 1, sent
    subjects = await notification_subjects(network)
    assert len(subjects) == len(ids) and max(subjects.values()) == 1


def test_worker_lists_its_jobs():
    result = subprocess.run(
        [str(VUOSIKELLO), "worker", "--list"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "reminders.dispatch" in result.stdout and "every 1 s" in result.stdout


async def test_serve_with_worker_fires_reminders(coordinator, network, tmp_path: Path):
    """`vuosikello serve --with-worker` (what `make run` starts) runs the dispatcher too."""
    start = (datetime.now(UTC) + timedelta(minutes=3)).replace(microsecond=0)
    event = await coordinator.create(
        "/v1/events",
        {
            "network_id": network["id"],
            "title": "Pian alkava",
            "start": start.isoformat(),
            "reminders": [{"offset": "-PT2M58S"}],
        },
    )
    env = {"VUOSIKELLO_DATABASE_URL": DATABASE_URL}
    with live_server(tmp_path / "serve.log", env, args=["--with-worker"], cwd=tmp_path):
        for _ in range(300):
            rows = await reminders_of(coordinator, source_id=event["id"])
            if rows[0]["status"] == "sent":
                break
            time.sleep(0.1)
        assert rows[0]["status"] == "sent", (tmp_path / "serve.log").read_text()[-2000:]
