"""Real `vuosikello worker` processes delivering webhooks to a real receiver on loopback: a
worker killed after the 2xx redelivers once, notifications wait for a worker, and two workers
never deliver one notification twice."""

import asyncio
import os
import signal

import pytest

from app.webhooks.dispatcher import LEASE
from tests.support import start_worker, stop
from tests.support.webhooks import change, names, subscribe, until

pytestmark = pytest.mark.system


async def test_worker_killed_after_the_2xx_redelivers_once(
    coordinator, network, receiver, database_url
):
    await subscribe(coordinator, network, receiver)
    worker = start_worker({"VUOSIKELLO_DATABASE_URL": database_url})
    # The receiver answers 200 and kills the worker before it can record the delivery.
    receiver.after_response = lambda _received: os.kill(worker.pid, signal.SIGKILL)
    try:
        await change(coordinator, network, "Kaatuja")
        await until(lambda: len(receiver.received) == 1)
        worker.wait(timeout=10)
        assert worker.returncode == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
    receiver.after_response = None
    # The dead worker's lease on the endpoint runs out after two minutes: start the new one
    # that much later.
    restarted = start_worker(
        {
            "VUOSIKELLO_DATABASE_URL": database_url,
            "VUOSIKELLO_CLOCK_OFFSET_SECONDS": str(LEASE.total_seconds() + 1),
        }
    )
    try:
        await until(lambda: len(receiver.received) == 2)
        await change(coordinator, network, "Seuraava")
        await until(lambda: len(receiver.received) == 3)
    finally:
        stop(restarted, timeout=30)
    first, again, _following = receiver.received
    assert first.headers["webhook-id"] == again.headers["webhook-id"]
    assert first.body == again.body
    assert names(receiver) == ["Kaatuja", "Kaatuja", "Seuraava"]


async def test_notifications_committed_while_no_worker_runs_are_delivered_later(
    coordinator, network, receiver, database_url
):
    await subscribe(coordinator, network, receiver)
    for index in range(3):
        await change(coordinator, network, f"Odottaa {index}")
    assert receiver.received == []  # committed, not sent: no worker is running
    worker = start_worker({"VUOSIKELLO_DATABASE_URL": database_url})
    try:
        await until(lambda: len(receiver.received) == 3)
    finally:
        stop(worker, timeout=30)
    assert names(receiver) == [f"Odottaa {i}" for i in range(3)]


async def test_two_worker_processes_deliver_each_notification_once(
    coordinator, network, receiver, database_url
):
    await subscribe(coordinator, network, receiver)
    workers = [
        start_worker({"VUOSIKELLO_DATABASE_URL": database_url}),
        start_worker({"VUOSIKELLO_DATABASE_URL": database_url}),
    ]
    try:
        for index in range(30):
            await change(coordinator, network, f"Rinnakkain {index}")
        await until(lambda: len(receiver.received) >= 30)
        await asyncio.sleep(1.0)  # time for a duplicate to show up, if there were one
    finally:
        for worker in workers:
            stop(worker, timeout=30)
    assert names(receiver) == [f"Rinnakkain {i}" for i in range(30)]
    assert len(set(receiver.ids())) == 30
