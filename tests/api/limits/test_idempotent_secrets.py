"""An idempotent replay never shows a "shown once" secret a second time, and says why."""

import uuid

import pytest


async def _twice(api, url: str, body: dict | None) -> tuple[dict, dict]:
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    first = await api.post(url, body, headers=headers)
    assert first.status_code in (200, 201), first.text
    again = await api.post(url, body, headers=headers)
    assert again.status_code == first.status_code, again.text
    assert again.headers["idempotent-replayed"] == "true"
    return first.json(), again.json()


def _assert_withheld(first: dict, again: dict, fields: tuple[str, ...]) -> None:
    for field in fields:
        assert first[field]
        assert field not in again
        assert str(first[field]) not in str(again)
        assert field in again["replay_note"]
    assert again["id"] == first["id"]


@pytest.mark.parametrize("rotate", [False, True])
async def test_client_secret_is_not_replayed(admin, network, rotate):
    first, again = await _twice(
        admin, "/v1/clients", {"name": "Toisto", "role": "member", "network_ids": [network["id"]]}
    )
    if rotate:
        first, again = await _twice(admin, f"/v1/clients/{first['id']}/rotate-secret", None)
    _assert_withheld(first, again, ("client_secret",))
    assert "rotate-secret" in again["replay_note"]


async def test_feed_urls_are_not_replayed(coordinator, network):
    first, again = await _twice(
        coordinator, "/v1/feeds", {"scope": "network", "network_id": network["id"]}
    )
    _assert_withheld(first, again, ("url", "https_url", "webcal_url"))


@pytest.mark.parametrize("rotate", [False, True])
async def test_webhook_secret_is_not_replayed(coordinator, network, rotate):
    first, again = await _twice(
        coordinator, "/v1/webhooks", {"network_id": network["id"], "url": "http://127.0.0.1:9/hook"}
    )
    if rotate:
        first, again = await _twice(coordinator, f"/v1/webhooks/{first['id']}/rotate-secret", None)
    _assert_withheld(first, again, ("secret",))
    assert again["url"] == first["url"]  # a webhook's URL is no once-shown secret


async def test_a_replay_without_secrets_is_unchanged(coordinator, network):
    partner = {"network_id": network["id"], "name": "Toistokumppani", "kind": "municipality"}
    first, again = await _twice(coordinator, "/v1/partners", partner)
    assert first == again
