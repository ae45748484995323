"""Idempotency-Key on POST: a retry returns the first response, never a second resource."""

import asyncio
import uuid
from datetime import timedelta

import sqlalchemy as sa

from app.core import clock
from tests.support import Api


def _key() -> str:
    return str(uuid.uuid4())


async def _partners(api: Api, network_id: str) -> list[dict]:
    response = await api.get("/v1/partners", params={"network_id": network_id, "limit": 500})
    assert response.status_code == 200
    return response.json()["data"]


def _partner(network: dict, name: str = "Oulun kaupunki") -> dict:
    return {"network_id": network["id"], "name": name, "kind": "municipality"}


def _header_error(response) -> dict:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    [error] = response.json()["errors"]
    assert (error["field"], error["location"]) == ("Idempotency-Key", "header")
    return error


async def test_a_retry_with_the_same_key_replays_the_first_response(coordinator, network):
    key = _key()
    first = await coordinator.post(
        "/v1/partners", _partner(network), headers={"Idempotency-Key": key}
    )
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    again = await coordinator.post(
        "/v1/partners", _partner(network), headers={"Idempotency-Key": key}
    )
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["content-type"] == first.headers["content-type"]
    assert [p["id"] for p in await _partners(coordinator, network["id"])] == [first.json()["id"]]


async def test_the_key_may_be_sent_as_a_structured_field_string(coordinator, network):
    key = _key()
    bare = await coordinator.post(
        "/v1/partners", _partner(network), headers={"Idempotency-Key": key}
    )
    quoted = await coordinator.post(
        "/v1/partners", _partner(network), headers={"Idempotency-Key": f'"{key}"'}
    )
    assert (bare.status_code, quoted.status_code) == (201, 201)
    assert quoted.headers["idempotent-replayed"] == "true"
    assert quoted.json()["id"] == bare.json()["id"]


async def test_without_a_key_every_post_creates(coordinator, network):
    for _ in range(2):
        assert (await coordinator.post("/v1/partners", _partner(network))).status_code == 201
    assert len(await _partners(coordinator, network["id"])) == 2


async def test_the_same_key_with_another_body_or_path_is_refused(coordinator, network):
    key = _key()
    headers = {"Idempotency-Key": key}
    created = await coordinator.post("/v1/partners", _partner(network), headers=headers)
    assert created.status_code == 201
    other_body = await coordinator.post(
        "/v1/partners", _partner(network, "Iin kunta"), headers=headers
    )
    assert "different request body" in _header_error(other_body)["message"]
    other_path = await coordinator.post(
        "/v1/groups",
        {"network_id": network["id"], "name": "Ohjausryhmä", "kind": "steering_group"},
        headers=headers,
    )
    assert "POST /v1/partners" in _header_error(other_path)["message"]
    assert len(await _partners(coordinator, network["id"])) == 1


async def test_keys_belong_to_one_client(admin, anon, coordinator, network):
    other = await admin.client_for(anon, "coordinator", [network["id"]])
    key = _key()
    mine = await coordinator.post(
        "/v1/partners", _partner(network), headers={"Idempotency-Key": key}
    )
    theirs = await other.post("/v1/partners", _partner(network), headers={"Idempotency-Key": key})
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert "idempotent-replayed" not in theirs.headers
    assert theirs.json()["id"] != mine.json()["id"]


async def test_a_failed_request_leaves_no_key(coordinator, network):
    key = _key()
    missing = {**_partner(network), "network_id": str(uuid.uuid4())}
    failed = await coordinator.post("/v1/partners", missing, headers={"Idempotency-Key": key})
    assert failed.status_code in (404, 422), failed.text
    retried = await coordinator.post(
        "/v1/partners", _partner(network), headers={"Idempotency-Key": key}
    )
    assert retried.status_code == 201, retried.text
    assert "idempotent-replayed" not in retried.headers


async def test_key_syntax_is_checked(coordinator, network):
    for bad in ("", "x" * 256, "tab\tinside", '""'):
        response = await coordinator.post(
            "/v1/partners", _partner(network), headers={"Idempotency-Key": bad}
        )
        _header_error(response)
    assert await _partners(coordinator, network["id"]) == []
    longest = await coordinator.post(
        "/v1/partners", _partner(network), headers={"Idempotency-Key": "~" * 255}
    )
    assert longest.status_code == 201


async def test_concurrent_requests_with_one_key_create_once(coordinator, network):
    key = _key()
    responses = await asyncio.gather(
        *[
            coordinator.post("/v1/partners", _partner(network), headers={"Idempotency-Key": key})
            for _ in range(4)
        ]
    )
    statuses = sorted(r.status_code for r in responses)
    assert set(statuses) <= {201, 409}, [r.text for r in responses]
    fresh = [
        r for r in responses if r.status_code == 201 and "idempotent-replayed" not in r.headers
    ]
    assert len(fresh) == 1
    for response in responses:
        if response.status_code == 409:
            assert response.headers["content-type"].startswith("application/problem+json")
            assert "Idempotency-Key" in response.json()["detail"]
    assert len(await _partners(coordinator, network["id"])) == 1
    replay = await coordinator.post(
        "/v1/partners", _partner(network), headers={"Idempotency-Key": key}
    )
    assert replay.headers["idempotent-replayed"] == "true"


async def test_a_once_shown_secret_is_not_replayed_and_the_rest_is_stored_encrypted(admin, network):
    from app.core.db.session import get_database
    from app.limits.models import IdempotencyRecord

    key = _key()
    body = {"name": f"Intranet {key[:6]}", "role": "integration", "network_ids": [network["id"]]}
    first = await admin.post("/v1/clients", body, headers={"Idempotency-Key": key})
    again = await admin.post("/v1/clients", body, headers={"Idempotency-Key": key})
    assert (first.status_code, again.status_code) == (201, 201)
    secret = first.json()["client_secret"]
    assert "client_secret" not in again.json() and secret not in again.text
    assert "client_secret" in again.json()["replay_note"]
    assert again.headers["cache-control"] == "no-store"
    async with get_database().sessionmaker() as session:
        stored = (
            await session.exec(
                sa.select(IdempotencyRecord.body_encrypted).where(IdempotencyRecord.key == key)
            )
        ).scalar_one()
    assert secret not in stored and first.json()["name"] not in stored


async def test_keys_expire_after_a_day_and_the_cleanup_purges_them(coordinator, network):
    from app.core.config import get_settings
    from app.core.db.session import get_database
    from app.worker import jobs

    key = _key()
    headers = {"Idempotency-Key": key}
    assert (
        await coordinator.post("/v1/partners", _partner(network), headers=headers)
    ).status_code == 201
    later = clock.now() + timedelta(hours=24, minutes=1)
    with clock.freeze(later):
        reused = await coordinator.post(
            "/v1/partners", _partner(network, "Iin kunta"), headers=headers
        )
        assert reused.status_code == 201, reused.text
        assert "idempotent-replayed" not in reused.headers
    with clock.freeze(later + timedelta(hours=24, minutes=1)):
        assert await jobs.cleanup(get_database(), get_settings()) >= 1
        again = await coordinator.post(
            "/v1/partners", _partner(network, "Kempele"), headers=headers
        )
        assert again.status_code == 201
    assert len(await _partners(coordinator, network["id"])) == 3


async def test_every_authenticated_post_documents_the_key(anon):
    document = (await anon.get("/openapi.json")).json()
    missing = []
    for path, item in document["paths"].items():
        operation = item.get("post")
        if operation is None or not operation.get("security"):
            continue
        names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        if "Idempotency-Key" not in names:
            missing.append(path)
    assert not missing, f"POSTs without Idempotency-Key (use route_class=LimitedRoute): {missing}"
    token = document["paths"]["/v1/auth/token"]["post"]
    assert "Idempotency-Key" not in {p["name"] for p in token.get("parameters", [])}
