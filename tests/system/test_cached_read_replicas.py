"""Two app instances with caches of their own on one database: the test's in-process app and a
real `vuosikello serve`. A write on either is seen by the next read on the other, for the
cached reads (`GET /v1/events/{id}`, `GET /v1/networks`, the warm iCal feed).

On SQLite the stamp is read by key on every request. On PostgreSQL the reading instance
learns it by NOTIFY (app/core/db/mirror.py): the read may start a moment before the
notification has reached it, so the other instance's read is retried within `NOTIFY_BOUND`
(docs/architecture.md, "Cached reads")."""

import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.support import DATABASE_URL, live_server
from tests.support.database import BACKEND

pytestmark = pytest.mark.system
NOTIFY_BOUND = 0.5 if BACKEND == "postgresql" else 0.0


async def _seen(read, expected, what: str) -> None:
    deadline = time.monotonic() + NOTIFY_BOUND
    while (got := await read()) != expected:
        assert time.monotonic() <= deadline, f"{what}: still {got!r}, not {expected!r}"


async def test_a_write_on_one_instance_is_seen_by_a_read_on_the_other(
    tmp_path: Path, admin, coordinator, network
):
    env = {"VUOSIKELLO_DATABASE_URL": DATABASE_URL}
    with live_server(tmp_path / "other.log", env) as base:
        async with httpx.AsyncClient(
            base_url=base, headers={"Authorization": f"Bearer {coordinator.token}"}
        ) as other:
            item = await coordinator.create(
                "/v1/events",
                {"network_id": network["id"], "title": "Alku", "start": "2027-10-05T09:00:00"},
            )
            url = f"/v1/events/{item['id']}"

            async def here_title() -> str:
                return (await coordinator.get(url)).json()["title"]

            async def there_title() -> str:
                return (await other.get(url)).json()["title"]

            for _ in range(2):  # both instances have the event's view cached
                assert await here_title() == await there_title() == "Alku"
            for number in range(5):
                title = f"Täällä {number}"
                assert (await coordinator.patch(url, {"title": title})).status_code == 200
                await _seen(there_title, title, "written here, read there")
                title = f"Siellä {number}"
                assert (await other.patch(url, json={"title": title})).status_code == 200
                await _seen(here_title, title, "written there, read here")

            async def here_names() -> list[str]:
                return [n["name"] for n in (await coordinator.get("/v1/networks")).json()["data"]]

            async def there_names() -> list[str]:
                return [n["name"] for n in (await other.get("/v1/networks")).json()["data"]]

            assert await here_names() == await there_names() == [network["name"]]
            renamed = f"Uusi {uuid.uuid4().hex[:6]}"
            r = await admin.patch(f"/v1/networks/{network['id']}", {"name": renamed})
            assert r.status_code == 200, r.text
            await _seen(there_names, [renamed], "network renamed here, listed there")

            assert (await other.delete(url)).status_code == 204

            async def here_status() -> int:
                return (await coordinator.get(url)).status_code

            await _seen(here_status, 404, "deleted there, read here")
