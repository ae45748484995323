"""Fixtures for the HTTP tests of several domains: a partner and a group of the test network."""

import pytest


@pytest.fixture
async def partner(coordinator, network) -> dict:
    return await coordinator.create(
        "/v1/partners",
        {"network_id": network["id"], "name": "Oulun kaupunki", "kind": "municipality"},
    )


@pytest.fixture
async def group(coordinator, network) -> dict:
    return await coordinator.create(
        "/v1/groups",
        {"network_id": network["id"], "name": "LAPE-ohjausryhmä", "kind": "steering_group"},
    )
