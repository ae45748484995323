"""The README's promises, held against the inputs the attack run tried: "bad input never
yields a 500" and "logs never hold tokens or secrets"."""

import base64
import json
import logging
import time
import uuid

from jose import jwt

from app.core.config import get_settings
from tests.support import Api


def _cursor(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _minted(client_id: str, header: dict | None = None, **claims) -> str:
    settings = get_settings()
    now = int(time.time())
    body = {"iss": settings.jwt_issuer, "aud": settings.jwt_audience, "sub": client_id,
            "iat": now, "nbf": now - 5, "exp": now + 600, "credentials_version": 1,
            **claims}  # fmt: skip
    return jwt.encode(body, settings.secret_key, algorithm="HS256", headers=header or {})


BAD_CURSORS = [
    '[1e999,1,"x"]',
    f'[{2**63},1,"x"]',
    '[-1e308,"a",null]',
    '{"a":1}',
    "[[[[[]]]]]",
]
LISTS = ["/v1/events", "/v1/deadlines", "/v1/tasks", "/v1/reminders", "/v1/partners"]


async def test_bad_input_never_yields_a_500(admin, anon, network, admin_credentials):
    statuses: dict[str, int] = {}

    async def call(name: str, api: Api, method: str, url: str, **kwargs) -> None:
        response = await api.request(method, url, **kwargs)
        statuses[name] = response.status_code

    for raw in BAD_CURSORS:
        cursor = base64.urlsafe_b64encode(raw.encode()).decode()
        await call(f"notifications {raw}", admin, "GET", "/v1/notifications",
                   params={"network_id": network["id"], "after": cursor})  # fmt: skip
        for path in LISTS:
            await call(f"{path} {raw}", admin, "GET", path,
                       params={"network_id": network["id"], "cursor": cursor})  # fmt: skip
    client_id = admin_credentials["client_id"]
    tokens = {
        "crit not a list": _minted(client_id, {"crit": 5}),
        "crit object": _minted(client_id, {"crit": {"a": 1}}),
        "iat huge": _minted(client_id, iat=10**30),
        "iat float": _minted(client_id, iat=1e308),
        "iat negative": _minted(client_id, iat=-(10**20)),
        "exp huge": _minted(client_id, exp=10**30),
        "sub not a uuid": _minted("x" * 5000),
        "credentials_version text": _minted(client_id, credentials_version="1"),
    }
    for name, token in tokens.items():
        await call(name, Api(anon.http, token), "GET", "/v1/networks")
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:u\r\n"
        "DTSTART:99999999T999999\r\nDURATION:P99999999999D\r\nRRULE:FREQ=DAILY;COUNT=1e9\r\n"
        "EXDATE:,,,\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    await call("import of unreadable values", admin, "POST",
               f"/v1/networks/{network['id']}/import", content=calendar.encode(),
               headers={"Content-Type": "text/calendar"})  # fmt: skip
    await call("feed HEAD of garbage", anon, "HEAD", "/ical/%00%ff.ics")
    await call("trailing slash", admin, "GET", "/v1/networks/", headers={"Host": "evil.example"})
    failures = {name: status for name, status in statuses.items() if status >= 500}
    assert not failures, failures
    assert all(400 <= s < 500 or s == 200 for s in statuses.values()), statuses


async def test_logs_never_hold_tokens_or_secrets(admin, anon, network, caplog):
    """Everything the app's own loggers write in process, at DEBUG, while secrets go by.
    (httpx, uvicorn and the worker are checked in their real processes: tests/system.)"""
    secrets: list[str] = []
    with caplog.at_level(logging.DEBUG, logger="vuosikello"):
        created = await admin.create(
            "/v1/clients", {"name": "Loki", "role": "coordinator", "network_ids": [network["id"]]}
        )
        secrets.append(created["client_secret"])
        coordinator = await anon.login(created["client_id"], created["client_secret"])
        secrets.append(coordinator.token)
        hook = await coordinator.create(
            "/v1/webhooks",
            {"network_id": network["id"], "url": "http://127.0.0.1:9/h?token=SUPERSECRET1"},
        )
        secrets += [hook["secret"], "SUPERSECRET1"]
        feed = await coordinator.create(
            "/v1/feeds", {"scope": "network", "network_id": network["id"]}
        )
        feed_token = feed["https_url"].rsplit("/", 1)[1].removesuffix(".ics")
        secrets.append(feed_token)
        await anon.get(f"/ical/{feed_token}.ics")
        await anon.get(f"/ical/{feed_token}")  # mistyped
        await anon.get(f"/v1/networks?access_token={coordinator.token}")
        await Api(anon.http, coordinator.token + "x").get("/v1/networks")  # a broken signature
        await anon.http.post(
            "/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": created["client_id"],
                "client_secret": created["client_secret"][::-1],
            },
        )
        secrets.append(created["client_secret"][::-1])
        await coordinator.post(f"/v1/webhooks/{hook['id']}/test")  # a delivery that fails
        rotated = await coordinator.post(f"/v1/webhooks/{hook['id']}/rotate-secret")
        secrets.append(rotated.json()["secret"])
        await coordinator.post("/v1/partners", {"network_id": network["id"], "name": "\x00"})
    text = "\n".join(
        caplog.handler.format(r) for r in caplog.records if r.name.startswith("vuosikello")
    )
    for secret in secrets:
        assert secret not in text, secret[:8]
    assert uuid.UUID(created["client_id"])  # the run did what it meant to
