"""The worker's weekly job `indicators.refresh`: a real `vuosikello worker` refreshes a
Sotkanet indicator never refreshed from a Sotkanet on loopback, and leaves alone one
refreshed within the week (a restarted worker does not ask Sotkanet again)."""

import asyncio
import time
from pathlib import Path

import pytest

from app.core.config import get_settings
from tests.support import DATABASE_URL, Api, start_worker, stop
from tests.support.indicators import sotkanet_indicator
from tests.support.sotkanet_server import SotkanetServer

pytestmark = pytest.mark.system


async def test_the_weekly_job_refreshes_what_is_due(
    coordinator: Api, network: dict, tmp_path: Path, monkeypatch
):
    server = SotkanetServer().start()
    monkeypatch.setattr(get_settings(), "sotkanet_url", server.url)
    try:
        oulu = {"network_id": network["id"], "name": "Oulu", "kind": "municipality",
                "municipality_code": "564"}  # fmt: skip
        await coordinator.create("/v1/partners", oulu)
        recent = await sotkanet_indicator(coordinator, network, sotkanet_id=4)
        refreshed = await coordinator.post(f"/v1/indicators/{recent['id']}/refresh")
        assert refreshed.json()["outcome"] == "imported"
        before = (await coordinator.get(f"/v1/indicators/{recent['id']}")).json()
        due = await sotkanet_indicator(coordinator, network, sotkanet_id=7)
        env = {"VUOSIKELLO_DATABASE_URL": DATABASE_URL, "VUOSIKELLO_SOTKANET_URL": server.url,
               "VUOSIKELLO_SOTKANET_RETRIES": "0"}  # fmt: skip
        worker = start_worker(env, tmp_path / "worker.log")
        try:
            deadline = time.monotonic() + 60
            while True:
                shown = (await coordinator.get(f"/v1/indicators/{due['id']}")).json()
                if shown["last_refreshed_at"]:
                    break
                assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text()
                await asyncio.sleep(0.3)
        finally:
            stop(worker, timeout=10)
        assert shown["last_error"] is None and shown["data_updated"] == "2025-11-20"
        values = (await coordinator.get(f"/v1/indicators/{due['id']}/values")).json()["data"]
        assert {v["region_code"] for v in values} == {"564", "1"}
        after = (await coordinator.get(f"/v1/indicators/{recent['id']}")).json()
        assert after["last_refreshed_at"] == before["last_refreshed_at"]
    finally:
        server.stop()
