"""`vuosikello indicators refresh`: the real console script refreshes from a Sotkanet on
loopback, records a failure and keeps the values; the worker lists its weekly job."""

import json

from tests.support import Api
from tests.support.cli import run_cli
from tests.support.indicators import sotkanet_indicator
from tests.support.sotkanet_server import SotkanetServer


async def test_cli_refresh_imports_and_a_failure_keeps_values(
    coordinator: Api, network: dict, regions: dict, sotkanet: SotkanetServer
):
    indicator = await sotkanet_indicator(coordinator, network, sotkanet_id=7)
    env = {"VUOSIKELLO_SOTKANET_URL": sotkanet.url, "VUOSIKELLO_SOTKANET_RETRIES": "1",
           "VUOSIKELLO_SOTKANET_BACKOFF_SECONDS": "0.01",
           "VUOSIKELLO_SOTKANET_TIMEOUT_SECONDS": "2"}  # fmt: skip
    done = run_cli("indicators", "refresh", "--indicator", indicator["id"], "--json", env=env)
    assert done.returncode == 0, done.stderr
    (result,) = json.loads(done.stdout)
    assert result["outcome"] == "imported"
    url = f"/v1/indicators/{indicator['id']}/values"
    before = (await coordinator.get(url)).json()
    assert {v["region_code"] for v in before["data"]} == {"564", "626", "19", "1"}
    sotkanet.fault = "500"
    failed = run_cli("indicators", "refresh", "--indicator", indicator["id"], "--force", env=env)
    assert failed.returncode == 1
    assert "failed" in failed.stdout and "500" in failed.stdout
    assert (await coordinator.get(url)).json() == before
    shown = (await coordinator.get(f"/v1/indicators/{indicator['id']}")).json()
    assert "500" in shown["last_error"]


def test_the_worker_lists_the_weekly_refresh():
    listed = run_cli("worker", "--list")
    assert listed.returncode == 0, listed.stderr
    line = next(x for x in listed.stdout.splitlines() if "indicators.refresh" in x)
    assert "604800" in line
