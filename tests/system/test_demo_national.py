"""`vuosikello demo national`: the same seed gives the same set, written through the services
(every network announced and audited), with real-looking municipality codes, yearly and
monthly rules, and working credentials and feed tokens in its output file."""

import json
import re
from pathlib import Path

import pytest

from tests.support.cli import run_cli
from tests.support.secret_grep import REGISTRY

pytestmark = pytest.mark.system


def generate(tmp_path: Path, name: str, seed: int) -> dict:
    output = tmp_path / f"{name}.json"
    done = run_cli("demo", "national", "--seed", str(seed), "--scale", "small",
                   "--output", str(output))  # fmt: skip
    assert done.returncode == 0, done.stderr
    totals = json.loads(done.stdout.splitlines()[-1])
    assert totals["networks"] == 3 and totals["partners"] == 36 and totals["events"] == 90
    assert output.stat().st_mode & 0o777 == 0o600  # it holds secrets
    generated = json.loads(output.read_text())
    REGISTRY.harvest(generated)
    return generated


async def partners_of(api, network_id: str) -> list[tuple[str, str, str | None]]:
    page = (await api.get("/v1/partners", params={"network_id": network_id, "limit": 200})).json()
    return sorted((p["name"], p["kind"], p["municipality_code"]) for p in page["data"])


async def subjects_of(api, network_id: str, kind: str) -> set[str]:
    params = {"network_id": network_id, "types": kind, "limit": 200}
    page = (await api.get("/v1/notifications", params=params)).json()
    return {event["subject"] for event in page["data"]}


async def test_the_same_seed_gives_the_same_set_through_the_services(tmp_path: Path, admin, anon):
    first, again = generate(tmp_path, "first", 1), generate(tmp_path, "again", 1)
    other = generate(tmp_path, "other", 2)
    network, twin = first["networks"][0], again["networks"][0]
    assert network["name"] == twin["name"] and network["id"] != twin["id"]
    assert await partners_of(admin, network["id"]) == await partners_of(admin, twin["id"])
    assert await partners_of(admin, network["id"]) != await partners_of(
        admin, other["networks"][0]["id"]
    )

    partners = await partners_of(admin, network["id"])
    codes = [code for _, kind, code in partners if kind == "municipality"]
    assert codes and all(re.fullmatch(r"[0-9]{3}", code) for code in codes)

    coordinator = await anon.login(**network["coordinator"])
    events = (
        await coordinator.get("/v1/events", params={"network_id": network["id"], "limit": 200})
    ).json()["data"]
    rules = {event["rrule"] for event in events}
    assert any(rule and "FREQ=MONTHLY" in rule for rule in rules)
    assert any(rule and "FREQ=YEARLY" in rule for rule in rules)
    assert all(event["reminders"] for event in events)

    # Written as a coordinator would have: audited and announced.
    audit = (await admin.get("/v1/audit-log", params={"resource_id": network["id"]})).json()
    assert "create" in {entry["action"] for entry in audit["data"]}
    notices = await admin.get("/v1/notifications", params={"network_id": network["id"]})
    kinds = {event["type"] for event in notices.json()["data"]}
    assert {"fi.vuosikello.network.created", "fi.vuosikello.partner.created"} <= kinds
    # Written in bulk, yet each row has its own notification and audit entry, in the chain.
    for kind, count in (("partner", 12), ("person", 12), ("event", 30), ("preparation", 3)):
        subjects = await subjects_of(admin, network["id"], f"fi.vuosikello.{kind}.created")
        assert len(subjects) == count, (kind, len(subjects))
        audited = await admin.get(
            "/v1/audit-log",
            params={"network_id": network["id"], "resource_type": kind, "action": "create",
                    "limit": 200},
        )  # fmt: skip
        assert {entry["subject"] for entry in audited.json()["data"]} == subjects, kind
    assert {event["id"] for event in events} == {
        subject.rsplit("/", 1)[-1]
        for subject in await subjects_of(admin, network["id"], "fi.vuosikello.event.created")
    }
    assert run_cli("audit", "verify").returncode == 0

    feed = next(f for f in network["feeds"] if f["scope"] == "network")
    calendar = await anon.http.get(f"/ical/{feed['token']}.ics")
    assert calendar.status_code == 200 and calendar.text.count("BEGIN:VEVENT") >= 30
