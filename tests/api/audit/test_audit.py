"""The audit trail: one entry per write, in the same transaction, hash-chained and scoped."""

import asyncio
import base64
import itertools
import json
import uuid

import sqlalchemy as sa

from app.core.db.session import get_database
from tests.support.cli import run_cli


def client_id_of(api) -> str:
    payload = api.token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["sub"]


async def entries(api, **filters) -> list[dict]:
    """Every entry the caller may read with these filters, following the cursor."""
    rows, cursor = [], None
    while True:
        params = {**filters, "limit": 500, **({"cursor": cursor} if cursor else {})}
        response = await api.get("/v1/audit-log", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        rows += page["data"]
        cursor = page["next_cursor"]
        if cursor is None:
            return rows


async def head_seq(admin) -> int:
    async with get_database().sessionmaker() as session:
        return (await session.exec(sa.text("SELECT coalesce(max(seq), 0) FROM audit_log"))).one()[0]


async def test_a_write_records_who_what_when_and_from_where(admin, coordinator, network):
    partner = await coordinator.create(
        "/v1/partners", {"network_id": network["id"], "name": "Kunta A", "kind": "municipality"}
    )
    response = await coordinator.patch(
        f"/v1/partners/{partner['id']}",
        {"name": "Kunta B"},
        headers={"User-Agent": "audit-test/1", "X-Request-ID": "req-42"},
    )
    assert response.status_code == 200
    rows = await entries(admin, resource_id=partner["id"])
    assert [(r["action"], r["resource_type"]) for r in rows] == [
        ("create", "partner"),
        ("update", "partner"),
    ]
    update = rows[1]
    assert update["actor"] == f"client:{client_id_of(coordinator)}"
    assert update["actor_client_id"] == client_id_of(coordinator)
    assert update["role"] == "coordinator"
    assert update["fields"] == ["name"]
    assert update["network_id"] == network["id"]
    assert update["subject"] == f"/v1/partners/{partner['id']}"
    assert update["ip"] == "127.0.0.1"  # ASGI test peer; X-Forwarded-For is not trusted
    assert update["user_agent"] == "audit-test/1" and update["request_id"] == "req-42"
    assert update["prev_hash"] == rows[0]["hash"] or update["seq"] > rows[0]["seq"] + 1
    coordinator_rows = await entries(coordinator, network_id=network["id"])
    assert [r["id"] for r in coordinator_rows if r["resource_id"] == partner["id"]] == [
        r["id"] for r in rows
    ]


async def test_forwarded_for_is_believed_only_from_a_trusted_proxy(admin, network):
    from app.core.config import get_settings

    settings = get_settings()
    spoofed = {"X-Forwarded-For": "203.0.113.9"}
    first = await admin.create(
        "/v1/partners", {"network_id": network["id"], "name": "P1", "kind": "ngo"}
    )
    response = await admin.patch(f"/v1/partners/{first['id']}", {"name": "P1b"}, headers=spoofed)
    assert response.status_code == 200
    original = settings.trusted_proxies
    settings.trusted_proxies = "127.0.0.0/8"
    try:
        response = await admin.patch(
            f"/v1/partners/{first['id']}",
            {"name": "P1c"},
            headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.9, 127.0.0.2"},
        )
        assert response.status_code == 200
    finally:
        settings.trusted_proxies = original
    rows = await entries(admin, resource_id=first["id"], action="update")
    assert [r["ip"] for r in rows] == ["127.0.0.1", "203.0.113.9"]


async def test_refused_and_failed_requests_write_nothing(admin, anon, network):
    member = await admin.client_for(anon, "member", [network["id"]])
    before = await head_seq(admin)
    refused = await member.post(
        "/v1/partners", {"network_id": network["id"], "name": "X", "kind": "ngo"}
    )
    assert refused.status_code == 403
    invalid = await admin.post("/v1/partners", {"network_id": network["id"], "kind": "nope"})
    assert invalid.status_code == 422
    # The client row is flushed before its networks are checked: the whole request rolls back.
    rolled_back = await admin.post(
        "/v1/clients", {"name": "x", "role": "coordinator", "network_ids": [str(uuid.uuid4())]}
    )
    assert rolled_back.status_code == 422
    assert await head_seq(admin) == before
    assert (await member.get("/v1/audit-log")).status_code == 403
    for bad in ({"actor": "\x00"}, {"cursor": "nonsense"}, {"since": "2026-01-01T00:00:00"}):
        response = await admin.get("/v1/audit-log", params=bad)
        assert response.status_code == 422, (bad, response.text)
        assert response.headers["content-type"] == "application/problem+json"


async def test_a_coordinator_sees_only_its_networks_entries(admin, anon, coordinator, network):
    other = await admin.create("/v1/networks", {"name": f"Verkosto B {uuid.uuid4().hex[:6]}"})
    other_coordinator = await admin.client_for(anon, "coordinator", [other["id"]])
    partner = await coordinator.create(
        "/v1/partners", {"network_id": network["id"], "name": "Salainen", "kind": "ngo"}
    )
    assert await entries(other_coordinator, resource_id=partner["id"]) == []
    assert await entries(other_coordinator, network_id=network["id"]) == []
    seen = await entries(other_coordinator)
    assert seen and {r["network_id"] for r in seen} == {other["id"]}
    assert len(await entries(admin, resource_id=partner["id"])) == 1


async def test_concurrent_writes_keep_one_valid_chain(admin, coordinator, network):
    partner = await coordinator.create(
        "/v1/partners", {"network_id": network["id"], "name": "Alusta", "kind": "ngo"}
    )
    person = await coordinator.create("/v1/people", {"partner_id": partner["id"], "name": "Aino"})
    before = await head_seq(admin)
    writes = [
        coordinator.post(
            "/v1/partners", {"network_id": network["id"], "name": f"Rinnakkain {i}", "kind": "ngo"}
        )
        for i in range(12)
    ]
    # An export writes nothing but its audit entry: it must queue for the chain all the same.
    exports = [coordinator.get(f"/v1/people/{person['id']}/export") for _ in range(6)]
    responses = await asyncio.gather(*writes, *exports)
    assert all(r.status_code == 200 for r in responses[12:]), [r.text for r in responses[12:]]
    responses = responses[:12]
    created = [r for r in responses if r.status_code == 201]
    assert len(created) == 12, [r.text for r in responses if r.status_code != 201]
    rows = [r for r in await entries(admin) if r["seq"] > before]
    assert [r["seq"] for r in rows] == list(range(before + 1, before + 1 + len(rows)))
    assert {r["resource_id"] for r in rows} >= {r.json()["id"] for r in created}
    assert [r["action"] for r in rows].count("export") == 6
    for previous, current in itertools.pairwise(rows):
        assert current["prev_hash"] == previous["hash"]
    verified = run_cli("audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert "intact" in verified.stdout


async def test_verify_finds_a_tampered_entry(admin, coordinator, network):
    partner = await coordinator.create(
        "/v1/partners", {"network_id": network["id"], "name": "Peukaloitava", "kind": "ngo"}
    )
    [row] = await entries(admin, resource_id=partner["id"])
    statement = sa.text("UPDATE audit_log SET action = :action WHERE seq = :seq")
    async with get_database().sessionmaker() as session:
        await session.exec(statement, params={"action": "delete", "seq": row["seq"]})
        await session.commit()
    try:
        broken = run_cli("audit", "verify")
        assert broken.returncode == 1
        assert f"seq {row['seq']}" in broken.stderr
    finally:
        async with get_database().sessionmaker() as session:
            await session.exec(statement, params={"action": "create", "seq": row["seq"]})
            await session.commit()
    assert run_cli("audit", "verify").returncode == 0


async def test_no_secret_or_token_reaches_the_log(admin, coordinator, network):
    created = await admin.create(
        "/v1/clients",
        {"name": "Integraatio", "role": "integration", "network_ids": [network["id"]]},
    )
    hook = await coordinator.create(
        "/v1/webhooks", {"network_id": network["id"], "url": "http://127.0.0.1:9/hook"}
    )
    rotated = await coordinator.post(f"/v1/webhooks/{hook['id']}/rotate-secret")
    assert rotated.status_code == 200
    feed = await coordinator.create("/v1/feeds", {"scope": "network", "network_id": network["id"]})
    token = feed["https_url"].rsplit("/", 1)[1].removesuffix(".ics")
    secrets = [created["client_secret"], hook["secret"], rotated.json()["secret"], token]
    served = json.dumps(await entries(admin))
    async with get_database().sessionmaker() as session:
        stored = json.dumps(
            [
                list(map(str, r))
                for r in (await session.exec(sa.text("SELECT * FROM audit_log"))).all()
            ]
        )
    actions = {
        (r["resource_type"], r["action"]) for r in await entries(admin, network_id=network["id"])
    }
    assert {("webhook", "create"), ("webhook", "rotate"), ("feed", "create")} <= actions
    assert any(
        r["resource_id"] == created["client_id"]
        for r in await entries(admin, resource_type="client")
    )
    for secret in secrets:
        assert len(secret) >= 20
        assert secret not in served and secret not in stored


async def test_operator_commands_are_logged_as_cli(admin):
    result = run_cli("clients", "create", "--name", "Operaattori", "--role", "admin", "--json")
    assert result.returncode == 0, result.stderr
    created = json.loads(result.stdout)
    [entry] = await entries(admin, resource_id=created["client_id"])
    assert (entry["actor"], entry["action"], entry["resource_type"]) == ("cli", "create", "client")
    assert entry["ip"] is None and entry["actor_client_id"] is None
    assert created["client_secret"] not in json.dumps(entry)
