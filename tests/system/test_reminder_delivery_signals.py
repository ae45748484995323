"""Real `vuosikello worker` processes stopped mid-send (issue 16, bug 4): a SIGTERM lets the
SMTP send in flight finish and records it, a SIGKILL loses no acceptance already made, and
the next worker sends only to those not reached. Nobody gets a second copy.

The workers' clock is shifted (VUOSIKELLO_CLOCK_OFFSET_SECONDS): only the clock is controlled."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core import clock
from tests.support import DATABASE_URL, ROOT
from tests.support.reminders import reminders_of
from tests.support.smtp import SmtpServer
from tests.support.waiting import wait_for

pytestmark = pytest.mark.system

VUOSIKELLO = Path(sys.executable).parent / "vuosikello"
API_NOW = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)  # 11:00 in Helsinki
WORKER_NOW = "2026-05-01T09:00:00+00:00"  # 12:00: the reminder below is due


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def workers(tmp_path: Path, smtp: SmtpServer):
    offset = (datetime.fromisoformat(WORKER_NOW) - datetime.now(UTC)).total_seconds()
    started: list[subprocess.Popen] = []

    def start(name: str) -> subprocess.Popen:
        env = {
            **os.environ,
            "VUOSIKELLO_DATABASE_URL": DATABASE_URL,
            "VUOSIKELLO_CLOCK_OFFSET_SECONDS": str(offset),
            "VUOSIKELLO_SMTP_HOST": "127.0.0.1",
            "VUOSIKELLO_SMTP_PORT": str(smtp.port),
            "VUOSIKELLO_REMINDER_LEASE_SECONDS": "3",
            "VUOSIKELLO_REMINDER_TICK_SECONDS": "0.2",
        }
        with (tmp_path / f"{name}.log").open("w") as log:
            process = subprocess.Popen(
                [str(VUOSIKELLO), "worker"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        started.append(process)
        return process

    yield start
    for log in sorted(tmp_path.glob("*.log")):
        print(log.name, log.read_text()[-2000:])
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(10)


async def group_reminder(api, network: dict, size: int) -> tuple[str, list[str]]:
    """One email reminder to a group of `size`, due for the workers; its id and addresses."""
    partner = await api.create(
        "/v1/partners", {"network_id": network["id"], "name": "Kunta", "kind": "other"}
    )
    group = await api.create(
        "/v1/groups", {"network_id": network["id"], "name": "LAPE", "kind": "steering_group"}
    )
    addresses = [f"jasen{index}@example.fi" for index in range(size)]
    for address in addresses:
        person = await api.create(
            "/v1/people", {"partner_id": partner["id"], "name": address[:7], "email": address}
        )
        await api.create(f"/v1/groups/{group['id']}/members", {"person_id": person["id"]})
    rule = {
        "offset": "-PT30M",
        "channels": ["email", "notification"],
        "recipients": {"group_ids": [group["id"]]},
    }
    with clock.freeze(API_NOW):
        event = await api.create(
            "/v1/events",
            {
                "network_id": network["id"],
                "title": "Ohjausryhmä",
                "start": "2026-05-01T12:00:00",
                "reminders": [rule],
            },
        )
        (row,) = await reminders_of(api, source_id=event["id"])
    return row["id"], addresses


def copies(smtp: SmtpServer, reminder_id: str) -> Counter:
    mails = [m for m in smtp.mailbox.snapshot() if m.reminder_id == reminder_id]
    return Counter(r for m in mails for r in m.recipients)


async def settled(api, reminder_id: str) -> dict:
    for _ in range(100):
        row = (await api.get(f"/v1/reminders/{reminder_id}")).json()
        if row["status"] == "sent":
            return row
        time.sleep(0.1)
    raise AssertionError(f"reminder not sent: {row}")


async def test_sigterm_lets_the_send_in_flight_finish(coordinator, network, smtp, workers):
    reminder_id, addresses = await group_reminder(coordinator, network, size=4)
    smtp.mailbox.delay = 1.0  # each DATA takes a second: the signal lands mid-send
    first = workers("first")
    wait_for(lambda: len(copies(smtp, reminder_id)) >= 1, timeout=60, interval=0.02)
    time.sleep(0.4)  # the second message is in DATA now
    first.send_signal(signal.SIGTERM)
    assert first.wait(60) == 0
    before = copies(smtp, reminder_id)
    # Every message the server accepted was recorded, the one in flight at the signal too;
    # nothing new started after it.
    assert sum(before.values()) >= 1 and max(before.values()) == 1, before
    row = (await coordinator.get(f"/v1/reminders/{reminder_id}")).json()
    assert row["status"] == ("sent" if sum(before.values()) == 4 else "scheduled")
    accepted = [d for d in row["deliveries"] if d["status"] == "accepted"]
    assert len(accepted) == sum(before.values())
    smtp.mailbox.delay = 0.0
    workers("second")
    wait_for(lambda: set(copies(smtp, reminder_id)) == set(addresses), timeout=60)
    row = await settled(coordinator, reminder_id)
    time.sleep(1.0)  # anything sent twice would arrive now
    assert copies(smtp, reminder_id) == Counter({a: 1 for a in addresses})
    assert [d["status"] for d in row["deliveries"]] == ["accepted"] * 4


async def test_sigkill_after_four_of_ten_gives_them_no_second_copy(
    coordinator, network, smtp, workers
):
    reminder_id, addresses = await group_reminder(coordinator, network, size=10)
    smtp.mailbox.delay = 1.0
    first = workers("first")
    wait_for(lambda: len(copies(smtp, reminder_id)) >= 4, timeout=60, interval=0.02)
    time.sleep(0.4)  # the fourth acceptance is committed; the fifth is still in DATA
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    reached = set(copies(smtp, reminder_id))
    assert len(reached) == 4, reached
    smtp.mailbox.delay = 0.0
    workers("second")  # takes over once the killed worker's 3 s lease has run out
    wait_for(lambda: set(copies(smtp, reminder_id)) == set(addresses), timeout=60)
    row = await settled(coordinator, reminder_id)
    time.sleep(1.0)
    sent = copies(smtp, reminder_id)
    assert all(sent[a] == 1 for a in reached), sent
    # Only the message in flight at the kill may go twice (at-least-once for that one).
    assert sum(sent.values()) <= len(addresses) + 1, sent
    assert [d["status"] for d in row["deliveries"]] == ["accepted"] * 10
