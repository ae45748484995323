"""X-Request-Id: returned on every response, kept when sane, carried into notifications and
audit entries."""

import re

HEX_ID = re.compile(r"[0-9a-f]{32}")


async def test_every_response_has_a_request_id(anon):
    first = await anon.get("/healthz")
    second = await anon.get("/healthz")
    assert HEX_ID.fullmatch(first.headers["x-request-id"])
    assert first.headers["x-request-id"] != second.headers["x-request-id"]
    refused = await anon.get("/v1/networks")
    assert refused.status_code == 401
    assert HEX_ID.fullmatch(refused.headers["x-request-id"])


async def test_a_sane_incoming_id_is_kept_and_an_insane_one_replaced(anon):
    kept = await anon.get("/healthz", headers={"X-Request-Id": "lb-4f2a.9:77"})
    assert kept.headers["x-request-id"] == "lb-4f2a.9:77"
    for insane in ("x" * 101, "two words", "id\u00e4"):
        replaced = await anon.get("/healthz", headers={"X-Request-Id": insane.encode()})
        assert HEX_ID.fullmatch(replaced.headers["x-request-id"]), insane


async def test_the_request_id_reaches_the_notification_and_the_audit_entry(coordinator, network):
    created = await coordinator.post(
        "/v1/partners",
        {"network_id": network["id"], "name": "Pyyntö ry", "kind": "ngo"},
        headers={"X-Request-Id": "trace-partner-1"},
    )
    assert created.status_code == 201
    partner_id = created.json()["id"]
    assert created.headers["x-request-id"] == "trace-partner-1"
    feed = (await coordinator.get("/v1/notifications", params={"limit": 200})).json()["data"]
    mine = [event for event in feed if event["subject"] == f"/v1/partners/{partner_id}"]
    assert [event["requestid"] for event in mine] == ["trace-partner-1"]
    audit = await coordinator.get(
        "/v1/audit-log", params={"resource_id": partner_id, "network_id": network["id"]}
    )
    entries = audit.json()["data"]
    assert entries and {entry["request_id"] for entry in entries} == {"trace-partner-1"}


async def test_a_generated_id_reaches_the_audit_entry_too(coordinator, network):
    created = await coordinator.post(
        "/v1/partners", {"network_id": network["id"], "name": "Tunniste ry", "kind": "ngo"}
    )
    rid = created.headers["x-request-id"]
    audit = await coordinator.get(
        "/v1/audit-log", params={"resource_id": created.json()["id"], "network_id": network["id"]}
    )
    assert {entry["request_id"] for entry in audit.json()["data"]} == {rid}
