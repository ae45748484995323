"""Fixtures shared by the contract tests."""

import os
from collections.abc import Iterator

import pytest

from tests.support import DATABASE_URL, live_server
from tests.support.sotkanet_server import SotkanetServer


@pytest.fixture(scope="module")
def server(migrated_database: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`vuosikello serve` in a subprocess, on the suite's database. Its log must end up free
    of tracebacks: an exception the error handlers turned into a neat 4xx still counts."""
    env = {
        "VUOSIKELLO_DATABASE_URL": DATABASE_URL,
        "VUOSIKELLO_SECRET_KEY": os.environ["VUOSIKELLO_SECRET_KEY"],
        "VUOSIKELLO_ENV": "test",
        # The seeded webhook points at this server; fuzzed URLs must not stall a request.
        "VUOSIKELLO_WEBHOOK_TIMEOUT_SECONDS": "2",
    }
    # Indicator refreshes ask a Sotkanet on loopback (the committed fixtures), never the internet.
    sotkanet = SotkanetServer().start()
    env |= {"VUOSIKELLO_SOTKANET_URL": sotkanet.url, "VUOSIKELLO_SOTKANET_TIMEOUT_SECONDS": "5"}
    log_path = tmp_path_factory.mktemp("serve") / "vuosikello-serve.log"
    try:
        with live_server(log_path, env) as base_url:
            yield base_url
    finally:
        sotkanet.stop()
    output = log_path.read_text()
    assert "Traceback" not in output, f"the server logged an exception:\n{output[-5000:]}"
