"""The suite-wide secret grep (tests/support/secret_grep.py) finds a planted leak, in any of
the forms a log line could take, and passes redacted lines."""

import logging
from pathlib import Path

import httpx

from app.core.logs import redact
from tests.support.secret_grep import (
    RecordFile,
    Registry,
    leaks_in,
    log_files,
    needles,
    read_runs,
)

JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiJjbGllbnQtMTIzIiwianRpIjoiYWJjZGVmMTIzNDU2In0."
    "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c"
)
CLIENT_SECRET = "Zq3vN8xYp2Lk7RtW9sFb4HmJc6Dg1Ea5"
FEED_TOKEN = "tT9yUu8iIo7pPa6sSd5fFg4hHj3kKl2z"
WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def issued(path: Path | None = None) -> Registry:
    registry = Registry(path)
    request = httpx.Request(
        "GET", "http://x/v1/networks", headers={"Authorization": f"Bearer {JWT}"}
    )
    registry.harvest_request(request)
    registry.harvest(
        {
            "client_id": "5f0c8a0e-2b7c-4d8e-9a55-1b3e9f3e2a10",
            "client_secret": CLIENT_SECRET,
            "data": [{"url": f"http://127.0.0.1:8000/ical/{FEED_TOKEN}.ics"}],
            "secret": WEBHOOK_SECRET,
        }
    )
    return registry


def test_a_planted_leak_of_each_kind_is_found_and_redacted_lines_pass(tmp_path: Path):
    registry = issued(tmp_path / "planted-secrets.txt")
    assert read_runs([tmp_path / "planted-secrets.txt"]) == registry.runs
    log = tmp_path / "logs" / "api.log"
    log.parent.mkdir()
    planted = {
        2: f'{{"message": "token issued", "token": "{JWT}"}}',
        4: f"GET /ical/{FEED_TOKEN}.ics 200",
        5: f"client_secret={CLIENT_SECRET}&grant_type=client_credentials",
        7: f"signing with {WEBHOOK_SECRET}",
    }
    clean = {
        1: '{"route": "/v1/networks", "status": 200, "client_id": "5f0c8a0e-2b7c-4d8e"}',
        3: redact(f"Authorization: Bearer {JWT}"),
        6: redact(f"GET http://127.0.0.1:8000/ical/{FEED_TOKEN}.ics"),
        8: redact(f"secret {WEBHOOK_SECRET}"),
    }
    lines = {**planted, **clean}
    log.write_text("\n".join(lines[n] for n in sorted(lines)) + "\n")
    found = list(leaks_in(log_files(tmp_path / "logs"), registry.runs))
    assert [leak.line_number for leak in found] == sorted(planted)
    assert all(CLIENT_SECRET not in str(leak) for leak in found)  # the report leaks nothing


def test_a_jwt_is_matched_by_its_own_parts_not_the_header_every_jwt_shares():
    runs = needles(JWT)
    assert not any(run.startswith("eyJhbGciOiJIUzI1NiIs") for run in runs)
    other_token = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvdGhlciJ9.c2lnbmF0dXJlMTIzNDU2Nzg5"
    )
    assert not list(leaks_in_text(other_token, runs))
    assert list(leaks_in_text(f"leaked {JWT.split('.')[2]}", runs))


def leaks_in_text(text: str, runs: set[str]):
    return (run for run in needles(text) if run in runs)


def test_a_product_record_with_a_secret_reaches_the_captured_file(tmp_path: Path):
    registry = issued()
    handler = RecordFile(tmp_path / "records.log")
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        logging.getLogger("vuosikello.test_secret_grep").warning(
            "delivering with %s", WEBHOOK_SECRET
        )
        logging.getLogger("httpx").warning("GET /ical/%s.ics", FEED_TOKEN)  # the suite's client
    finally:
        root.removeHandler(handler)
        handler.close()
    found = list(leaks_in([tmp_path / "records.log"], registry.runs))
    assert len(found) == 1 and found[0].line_number == 1
