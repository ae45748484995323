"""No mass assignment: request bodies refuse unknown fields, so nobody sets a role, another
network or a server-owned field by adding it to a body."""

import uuid
from typing import Any

# Bodies that are not JSON objects a model reads: the token form (OAuth2 fixes its fields)
# and the iCal import (a file).
NOT_JSON_MODELS = {
    ("post", "/v1/auth/token"),
    ("post", "/v1/networks/{network_id}/import"),
    ("post", "/v1/plans/{plan_id}/import"),  # a multipart file
    ("post", "/v1/indicators/{indicator_id}/values/import"),  # a multipart CSV file
}


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        schema = document["components"]["schemas"][name]
    return schema


def _open_objects(document: dict, schema: Any, where: str, seen: set[str]) -> list[str]:
    """Every object schema reachable from `schema` that allows unknown properties."""
    if not isinstance(schema, dict):
        return []
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return []
        seen.add(name)
        return _open_objects(document, _resolve(document, schema), name, seen)
    found = []
    if schema.get("type") == "object" or "properties" in schema:
        additional = schema.get("additionalProperties")
        # A map (no fields, every value of one schema, e.g. category → colour) holds data in
        # its keys: nothing is assigned by naming a field.
        is_map = "properties" not in schema and isinstance(additional, dict) and bool(additional)
        if additional is not False and not is_map:
            found.append(where)
        for key, sub in schema.get("properties", {}).items():
            found += _open_objects(document, sub, f"{where}.{key}", seen)
    for key in ("items", "additionalProperties"):
        found += _open_objects(document, schema.get(key), f"{where}[]", seen)
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            found += _open_objects(document, sub, where, seen)
    return found


async def test_every_request_body_refuses_unknown_fields(anon):
    document = (await anon.get("/openapi.json")).json()
    open_bodies, checked = [], 0
    for path, item in document["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            if body is None or (method, path) in NOT_JSON_MODELS:
                continue
            schema = body["content"]["application/json"]["schema"]
            checked += 1
            where = f"{method.upper()} {path}"
            open_bodies += [f"{where}: {o}" for o in _open_objects(document, schema, where, set())]
    assert checked > 20
    assert not open_bodies, "request bodies that accept unknown fields:\n" + "\n".join(open_bodies)


def _refused(response, field: str) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    fields = {(e["field"], e["location"]) for e in response.json()["errors"]}
    assert (field, "body") in fields, fields


async def test_patch_bodies_refuse_server_owned_and_foreign_fields(admin, coordinator, network):
    other = await admin.create("/v1/networks", {"name": f"Toinen {uuid.uuid4().hex[:6]}"})
    partner = await coordinator.create(
        "/v1/partners", {"network_id": network["id"], "name": "Iin kunta", "kind": "municipality"}
    )
    url = f"/v1/partners/{partner['id']}"
    for field, value in (
        ("network_id", other["id"]),
        ("id", str(uuid.uuid4())),
        ("created_at", "2020-01-01T00:00:00Z"),
        ("updated_at", "2020-01-01T00:00:00Z"),
        ("version", 99),
    ):
        _refused(await coordinator.patch(url, {"name": "Muutettu", field: value}), field)
    unchanged = (await coordinator.get(url)).json()
    assert unchanged == partner


async def test_a_client_cannot_change_its_own_role(admin, anon, network):
    created = await admin.create(
        "/v1/clients",
        {"name": f"jäsen {uuid.uuid4().hex[:6]}", "role": "member", "network_ids": [network["id"]]},
    )
    url = f"/v1/clients/{created['client_id']}"
    _refused(await admin.patch(url, {"role": "admin"}), "role")
    _refused(await admin.patch(url, {"secret_hash": "x"}), "secret_hash")
    member = await anon.login(created["client_id"], created["client_secret"])
    _refused(await member.post("/v1/feeds", {"scope": "network", "network_id": network["id"],
                                             "owner_client_id": str(uuid.uuid4())}),
             "owner_client_id")  # fmt: skip
    assert (await admin.get(url)).json()["role"] == "member"


async def test_creating_in_another_network_is_refused(admin, coordinator, network):
    other = await admin.create("/v1/networks", {"name": f"Vieras {uuid.uuid4().hex[:6]}"})
    response = await coordinator.post(
        "/v1/partners", {"network_id": other["id"], "name": "Vieras", "kind": "ngo"}
    )
    assert response.status_code in (403, 404, 422), response.text
    listed = await admin.get("/v1/partners", params={"network_id": other["id"]})
    assert listed.json()["data"] == []
