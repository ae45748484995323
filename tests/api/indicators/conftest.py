"""Fixtures of the indicator tests: a Sotkanet answering on loopback from the committed
fixture files, and a network following two seed municipalities and their wellbeing county."""

from collections.abc import Iterator

import pytest

from app.core.config import get_settings
from tests.support import Api
from tests.support.sotkanet_server import SotkanetServer


@pytest.fixture
def sotkanet(monkeypatch) -> Iterator[SotkanetServer]:
    server = SotkanetServer().start()
    settings = get_settings()
    monkeypatch.setattr(settings, "sotkanet_url", server.url + "/rest/1.1")
    monkeypatch.setattr(settings, "sotkanet_timeout_seconds", 0.5)
    monkeypatch.setattr(settings, "sotkanet_retries", 2)
    monkeypatch.setattr(settings, "sotkanet_backoff_seconds", 0.01)
    yield server
    server.stop()


@pytest.fixture
async def regions(coordinator: Api, network: dict) -> dict:
    """Oulu (564) and Pyhäjärvi (626), their wellbeing county without a code (matched by
    name), and a partner without a municipality code, which follows nothing."""
    made = {}
    for key, name, kind, code in (
        ("oulu", "Oulun kaupunki", "municipality", "564"),
        ("pyhajarvi", "Pyhäjärven kaupunki", "municipality", "626"),
        ("pohde", "Pohjois-Pohjanmaan hyvinvointialue (Pohde)", "wellbeing_county", None),
        ("mll", "MLL:n Pohjois-Pohjanmaan piiri", "ngo", None),
    ):
        body = {"network_id": network["id"], "name": name, "kind": kind}
        if code:
            body["municipality_code"] = code
        made[key] = await coordinator.create("/v1/partners", body)
    return made
