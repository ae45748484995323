"""The real `vuosikello worker` logs its webhook deliveries (httpx's request lines) without
the receiver's secrets: a webhook URL's path and query are redacted."""

import asyncio
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.support import ROOT
from tests.support.database import DATABASE_URL
from tests.support.receiver import Receiver

pytestmark = pytest.mark.system


async def test_webhook_urls_are_redacted_in_the_worker_log(coordinator, network, tmp_path):
    receiver = await Receiver().start()
    log_path = tmp_path / "worker.log"
    secret_query = f"token=SUPERSECRET{uuid.uuid4().hex[:8]}"
    worker = None
    try:
        hook = await coordinator.create(
            "/v1/webhooks",
            {"network_id": network["id"], "url": f"{receiver.url}?{secret_query}"},
        )
        await coordinator.create(
            "/v1/partners",
            {"network_id": network["id"], "name": "Lokikumppani", "kind": "municipality"},
        )
        with log_path.open("w") as log:
            worker = subprocess.Popen(
                [str(Path(sys.executable).parent / "vuosikello"), "worker"],
                cwd=ROOT,
                env={**os.environ, "VUOSIKELLO_DATABASE_URL": DATABASE_URL},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while not receiver.received:
            assert worker.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, "no delivery within 60 s"
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)  # httpx logs the request line once the response is read
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(timeout=10)
        await receiver.stop()
    text = log_path.read_text()
    assert f"HTTP Request: POST http://127.0.0.1:{receiver.port}/" in text, text[-2000:]
    assert secret_query.split("=")[1] not in text
    assert "/hooks/vuosikello" not in text  # the path may be the receiver's secret too
    assert hook["secret"] not in text
