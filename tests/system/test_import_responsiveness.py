"""A large .ics import keeps every other request answered (issue 16, weakness 1).

A real `vuosikello serve`: while one client imports a large file, a probe hits /healthz every
20 ms and records how long each answer took. Parsing runs in a child process, and the writes
give way between items, so the probe is never stuck behind the import. The bound is generous
for a loaded two-core machine; the measured p99 is printed (`pytest -s`).
"""

import json
import statistics
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.support import DATABASE_URL, live_server
from tests.support.cli import run_cli

pytestmark = pytest.mark.system


@contextmanager
def _serve(tmp_path: Path, **settings: str) -> Iterator[str]:
    env = {f"VUOSIKELLO_{k.upper()}": v for k, v in settings.items()}
    log_path = tmp_path / f"serve-{uuid.uuid4().hex[:8]}.log"
    env = {"VUOSIKELLO_DATABASE_URL": DATABASE_URL, "VUOSIKELLO_RATE_LIMIT_PER_MINUTE": "0", **env}
    with live_server(log_path, env) as base:
        yield base
    assert "Traceback" not in log_path.read_text()


def _admin(base: str) -> dict[str, str]:
    done = run_cli("clients", "create", "--name", f"import {uuid.uuid4().hex[:6]}",
                   "--role", "admin", "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    credentials = json.loads(done.stdout)
    token = httpx.post(
        f"{base}/v1/auth/token",
        data={"grant_type": "client_credentials", **credentials},
        timeout=30,
    )
    assert token.status_code == 200, token.text
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def _calendar(events: int) -> bytes:
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:bulk-{i}@example.fi\r\nDTSTAMP:20270101T000000Z\r\n"
        f"SUMMARY:Tapahtuma {i}\r\nDESCRIPTION:{'Kuvaus ' * 20}\r\n"
        f"DTSTART;TZID=Europe/Helsinki:2027{1 + i % 12:02d}{1 + i % 28:02d}T{8 + i % 9:02d}0000\r\n"
        f"DURATION:PT1H\r\nEND:VEVENT\r\n"
        for i in range(events)
    )
    return (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//FI\r\n{body}END:VCALENDAR\r\n".encode()
    )


def _one_huge_component(properties: int) -> bytes:
    lines = "".join(f"X-FILLER-{i}:{i}\r\n" for i in range(properties))
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//FI\r\nBEGIN:VEVENT\r\nUID:huge-1\r\n"
        "DTSTART:20270101T100000Z\r\n" + lines + "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


class Probe(threading.Thread):
    """GET /healthz every 20 ms until stopped; the latency of each answer, in seconds."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.latencies, self.stop = base, [], threading.Event()

    def run(self) -> None:
        with httpx.Client(timeout=30) as http:
            while not self.stop.is_set():
                began = time.perf_counter()
                assert http.get(f"{self.base}/healthz").status_code == 200
                self.latencies.append(time.perf_counter() - began)
                self.stop.wait(0.02)

    def p99(self) -> float:
        return statistics.quantiles(self.latencies, n=100)[98]


def _import(base: str, headers: dict[str, str], nid: str, ics: bytes) -> httpx.Response:
    return httpx.post(
        f"{base}/v1/networks/{nid}/import",
        content=ics,
        headers={**headers, "Content-Type": "text/calendar"},
        timeout=600,
    )


def test_health_answers_during_a_large_import(tmp_path: Path, migrated_database: None):
    with _serve(tmp_path) as base:
        headers = _admin(base)
        network = httpx.post(
            f"{base}/v1/networks", json={"name": f"Iso {uuid.uuid4().hex[:6]}"}, headers=headers
        )
        assert network.status_code == 201, network.text
        nid = network.json()["id"]

        probe = Probe(base)
        probe.start()
        time.sleep(0.5)
        began = time.perf_counter()
        huge = _import(base, headers, nid, _one_huge_component(300_000))
        refused_in = time.perf_counter() - began
        began = time.perf_counter()
        bulk = _import(base, headers, nid, _calendar(1500))
        imported_in = time.perf_counter() - began
        probe.stop.set()
        probe.join(timeout=30)

        assert huge.status_code == 422, huge.text
        assert "VUOSIKELLO_MAX_IMPORT_PROPERTIES" in huge.json()["detail"]
        assert bulk.status_code == 200, bulk.text
        assert bulk.json()["created"] == 1500
        p99 = probe.p99()
        print(
            f"\n300,000-property file refused in {refused_in:.2f} s; 1,500 events imported in "
            f"{imported_in:.1f} s; /healthz meanwhile: {len(probe.latencies)} probes, "
            f"p50 {statistics.median(probe.latencies) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
            f"max {max(probe.latencies) * 1000:.0f} ms"
        )
        assert refused_in < 10
        assert len(probe.latencies) > 50
        assert p99 < 0.5, f"/healthz p99 {p99 * 1000:.0f} ms during an import"


def test_parse_time_is_capped(tmp_path: Path, migrated_database: None):
    with _serve(tmp_path, import_parse_seconds="0.05") as base:
        headers = _admin(base)
        network = httpx.post(
            f"{base}/v1/networks", json={"name": f"Aika {uuid.uuid4().hex[:6]}"}, headers=headers
        )
        nid = network.json()["id"]
        r = _import(base, headers, nid, _calendar(4000))
        assert r.status_code == 413, r.text
        assert "VUOSIKELLO_IMPORT_PARSE_SECONDS" in r.json()["detail"]
        assert httpx.get(f"{base}/healthz", timeout=5).status_code == 200
