"""Webhook subscriptions through HTTP, and waiting for what a real receiver gets."""

import asyncio
import json
import time

from tests.support.api import Api
from tests.support.receiver import Receiver


async def subscribe(api: Api, network: dict, receiver: Receiver, **extra) -> dict:
    """A webhook of the network, delivering to `receiver`."""
    return await api.create(
        "/v1/webhooks", {"network_id": network["id"], "url": receiver.url, **extra}
    )


async def change(api: Api, network: dict, name: str) -> dict:
    """One write that announces a notification (a new partner named `name`)."""
    return await api.create(
        "/v1/partners", {"network_id": network["id"], "name": name, "kind": "ngo"}
    )


def names(receiver: Receiver) -> list[str]:
    """The `data.name` of every delivery, in the order received."""
    return [json.loads(r.body)["data"].get("name") for r in receiver.received]


async def until(predicate, seconds: float = 20.0) -> None:
    """Wait, letting the event loop run, until `predicate()` holds."""
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.05)
