"""A mixed load through the public interface: coordinators writing (events whose reminders
fall due within the run, renames of their own events) and reading (the timeline, the iCal
feeds), each network's coordinator in its own task. Writes carry an Idempotency-Key and are
retried with it through faults, so a write is either acknowledged once or not at all.

Used by tests/system/test_topology_faults.py (small set) and bench/national.py."""

import asyncio
import random
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

HELSINKI = ZoneInfo("Europe/Helsinki")
RETRIED = {409, 500, 502, 503, 504}  # 409: the same key still in flight elsewhere
REMINDER_LEAD = timedelta(minutes=10)  # events start this long after their reminder


@dataclass
class Stats:
    """Per operation: latencies of answered attempts, statuses, transport failures."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    transport_errors: Counter = field(default_factory=Counter)
    retries: Counter = field(default_factory=Counter)
    unacknowledged: Counter = field(default_factory=Counter)  # gave up: never answered 2xx

    def record(self, kind: str, seconds: float, status: int) -> None:
        self.latencies[kind].append(seconds)
        self.statuses[kind][status] += 1

    def summary(self, seconds: float) -> dict[str, Any]:
        def percentile(values: list[float], share: float) -> float:
            ordered = sorted(values)
            return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0

        result: dict[str, Any] = {}
        for kind, values in sorted(self.latencies.items()):
            ok = sum(n for status, n in self.statuses[kind].items() if status < 400)
            result[kind] = {
                "requests": len(values),
                "ok": ok,
                "per_second": round(len(values) / seconds, 1),
                "p50_ms": round(1000 * percentile(values, 0.50), 1),
                "p95_ms": round(1000 * percentile(values, 0.95), 1),
                "p99_ms": round(1000 * percentile(values, 0.99), 1),
                "statuses": dict(sorted(self.statuses[kind].items())),
            }
        result["transport_errors"] = dict(self.transport_errors)
        result["retries"] = dict(self.retries)
        result["unacknowledged"] = dict(self.unacknowledged)
        return result


class Caller:
    """One coordinator's client through the proxy: logs in again after a 401."""

    def __init__(self, http: httpx.AsyncClient, credentials: dict[str, str], stats: Stats):
        self.http, self.credentials, self.stats = http, credentials, stats
        self.token: str | None = None

    async def login(self, deadline: float) -> None:
        while True:
            try:
                response = await self.http.post(
                    "/v1/auth/token", data={"grant_type": "client_credentials", **self.credentials}
                )
                if response.status_code == 200:
                    self.token = response.json()["access_token"]
                    return
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "could not log in"
            await asyncio.sleep(0.3)

    async def read(self, kind: str, url: str, **kwargs: Any) -> httpx.Response | None:
        """One attempt; None when the request got no answer."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        began = time.perf_counter()
        try:
            response = await self.http.get(url, headers=headers, **kwargs)
        except httpx.TransportError:
            self.stats.transport_errors[kind] += 1
            return None
        self.stats.record(kind, time.perf_counter() - began, response.status_code)
        return response

    async def write(
        self, kind: str, method: str, url: str, body: dict[str, Any], give_up_after: float = 60
    ) -> httpx.Response | None:
        """The write's 2xx answer, retried with one Idempotency-Key; None if never given."""
        key = str(uuid.uuid4())
        deadline = time.monotonic() + give_up_after
        while True:
            if self.token is None:
                await self.login(deadline + 60)
            headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": key}
            began = time.perf_counter()
            try:
                response = await self.http.request(method, url, json=body, headers=headers)
            except httpx.TransportError:
                self.stats.transport_errors[kind] += 1
                response = None
            else:
                self.stats.record(kind, time.perf_counter() - began, response.status_code)
                if response.status_code < 300:
                    return response
                if response.status_code == 401:
                    self.token = None
                elif response.status_code not in RETRIED:
                    raise AssertionError(f"{method} {url}: {response.status_code} {response.text}")
            if time.monotonic() > deadline:
                self.stats.unacknowledged[kind] += 1
                return None
            self.stats.retries[kind] += 1
            await asyncio.sleep(0.2 + random.random() * 0.3)


@dataclass
class NetworkLoad:
    """One network's coordinator: its acknowledged writes are what must survive."""

    network: dict[str, Any]
    caller: Caller
    now: Callable[[], datetime]  # the clock the replicas and workers share
    acknowledged: dict[str, str] = field(default_factory=dict)  # resource path -> title
    person_id: str = ""
    writes: int = 0

    async def prepare(self) -> None:
        """A partner and a person with an address, the recipient of the load's reminders."""
        nid = self.network["id"]
        partner = await self.caller.write(
            "POST /v1/partners", "POST", "/v1/partners",
            {"network_id": nid, "name": "Kuormakunta", "kind": "municipality",
             "municipality_code": "564"},
        )  # fmt: skip
        assert partner is not None
        self.acknowledged[f"/v1/partners/{partner.json()['id']}"] = "Kuormakunta"
        email = f"kuorma.{nid[:8]}@example.fi"
        person = await self.caller.write(
            "POST /v1/people", "POST", "/v1/people",
            {"partner_id": partner.json()["id"], "name": "Kuorma Koordinaattori", "email": email},
        )  # fmt: skip
        assert person is not None
        self.person_id = person.json()["id"]

    def _due_soon(self, index: int) -> dict[str, Any]:
        """An event whose email+notification reminder falls due 20-50 s from now."""
        start = self.now() + REMINDER_LEAD + timedelta(seconds=random.uniform(20, 50))
        local = start.astimezone(HELSINKI).replace(tzinfo=None, microsecond=0)
        return {
            "network_id": self.network["id"],
            "title": f"Kuorma {index}",
            "category": "Kuorma",
            "start": local.isoformat(),
            "reminders": [
                {
                    "offset": "-PT10M",
                    "channels": ["email", "notification"],
                    "recipients": {"person_ids": [self.person_id]},
                }
            ],
        }

    async def write_loop(self, until: float, pause: float) -> None:
        events: list[str] = []
        while time.monotonic() < until:
            self.writes += 1
            if events and self.writes % 3 == 0:
                path = random.choice(events)
                title = f"Kuorma {self.writes} (nimetty)"
                done = await self.caller.write("PATCH /v1/events/{id}", "PATCH", path,
                                               {"title": title})  # fmt: skip
                if done is not None:
                    self.acknowledged[path] = title
            else:
                body = self._due_soon(self.writes)
                done = await self.caller.write("POST /v1/events", "POST", "/v1/events", body)
                if done is not None:
                    path = f"/v1/events/{done.json()['id']}"
                    self.acknowledged[path] = body["title"]
                    events.append(path)
            await asyncio.sleep(pause)

    async def read_loop(self, until: float, pause: float) -> None:
        tokens = [feed["token"] for feed in self.network["feeds"]]
        while time.monotonic() < until:
            today = self.now().astimezone(HELSINKI).date()
            await self.caller.read(
                "GET /v1/occurrences", "/v1/occurrences",
                params={"network_id": self.network["id"], "from": today.isoformat(),
                        "to": (today + timedelta(days=60)).isoformat(), "limit": 200},
            )  # fmt: skip
            if tokens:
                await self.caller.read(
                    "GET /ical/{token}.ics", f"/ical/{random.choice(tokens)}.ics"
                )
            await asyncio.sleep(pause)
