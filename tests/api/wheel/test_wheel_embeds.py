"""POST/DELETE /v1/wheel-embeds and the public /wheel/{token} page, through HTTP only."""

import re
import time
import uuid
from datetime import UTC, datetime

import pytest

from app.core import clock
from app.core.config import get_settings

NOW = datetime(2027, 3, 10, 10, 0, tzinfo=UTC)
INTRANET = "https://intranet.example.fi"


@pytest.fixture(autouse=True)
def frozen_clock():
    with clock.freeze(NOW):
        yield


@pytest.fixture
async def items(admin, network) -> dict:
    nid = network["id"]
    group = await admin.create("/v1/groups", {"network_id": nid, "name": "Ohjausryhmä",
                                              "kind": "steering_group"})  # fmt: skip
    forum = {"network_id": nid, "title": "Hyvinvointifoorumi", "start": "2027-04-20T09:00:00",
             "category": "Foorumi"}  # fmt: skip
    await admin.create("/v1/events", forum)
    await admin.create("/v1/events", {"network_id": nid, "group_id": group["id"],
                                      "title": "Ohjausryhmän kokous",
                                      "start": "2027-09-01T13:00:00"})  # fmt: skip
    return {"network": nid, "group": group}


def _path(created: dict) -> str:
    return "/wheel/" + created["url"].rsplit("/wheel/", 1)[1]


async def _embed(api, network_id: str, **extra) -> dict:
    body = {"scope": "network", "network_id": network_id, "allowed_origins": [INTRANET], **extra}
    response = await api.post("/v1/wheel-embeds", body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_the_page_shows_the_wheel_and_the_table_without_cookies(coordinator, anon, items):
    created = await _embed(coordinator, items["network"], name="LAPE-vuosikello",
                           allowed_origins=[INTRANET, "http://127.0.0.1:8080/"])  # fmt: skip
    assert created["allowed_origins"] == ["http://127.0.0.1:8080", INTRANET]
    assert created["url"].startswith("http://") and "/wheel/" in created["url"]
    page = await anon.get(_path(created))
    assert page.status_code == 200, page.text
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "set-cookie" not in page.headers
    csp = page.headers["content-security-policy"]
    assert f"frame-ancestors http://127.0.0.1:8080 {INTRANET};" in csp
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp and "script" not in csp
    html = page.text
    assert "<h1>Vuosikello: LAPE-vuosikello</h1>" in html
    assert html.count("Hyvinvointifoorumi") >= 2  # in the picture and in the table
    assert "Ohjausryhmän kokous" in html
    # Nothing is loaded from anywhere: no script, no external source or link.
    assert "<script" not in html
    assert not re.search(r'(src|href)="(?!#)', html)
    assert page.headers["referrer-policy"] == "no-referrer"
    again = await anon.get(_path(created), headers={"If-None-Match": page.headers["etag"]})
    assert again.status_code == 304


async def test_revoking_makes_the_page_404(coordinator, anon, items):
    created = await _embed(coordinator, items["network"])
    path = _path(created)
    assert (await anon.get(path)).status_code == 200
    assert (await coordinator.delete(f"/v1/wheel-embeds/{created['id']}")).status_code == 204
    gone = await anon.get(path)
    assert gone.status_code == 404
    assert gone.headers["content-type"].startswith("application/problem+json")
    assert path.rsplit("/", 1)[1] not in gone.text  # the token is not echoed
    assert (await coordinator.delete(f"/v1/wheel-embeds/{created['id']}")).status_code == 404
    assert (await anon.get("/wheel/not-a-token")).status_code == 404


async def test_a_group_scoped_page_shows_that_group_only(coordinator, anon, items):
    created = await _embed(coordinator, items["network"], scope="group",
                           group_id=items["group"]["id"])  # fmt: skip
    html = (await anon.get(_path(created))).text
    assert "Ohjausryhmän kokous" in html and "Hyvinvointifoorumi" not in html


async def test_announced_and_audited_without_the_token(coordinator, items):
    created = await _embed(coordinator, items["network"])
    token = _path(created).rsplit("/", 1)[1]
    await coordinator.delete(f"/v1/wheel-embeds/{created['id']}")
    # The audit log records each announcement in its transaction (the polling feed may hold
    # rows back on PostgreSQL while any older transaction of the cluster runs).
    log = await coordinator.get("/v1/audit-log", params={"network_id": items["network"],
                                                         "limit": 500})  # fmt: skip
    assert log.status_code == 200, log.text
    mine = [e for e in log.json()["data"] if e["resource_id"] == created["id"]]
    assert {(e["resource_type"], e["action"]) for e in mine} == {
        ("wheel_embed", "create"),
        ("wheel_embed", "delete"),
    }
    assert token not in log.text


async def test_only_writers_of_the_network_publish_and_revoke(admin, anon, coordinator, items):
    member = await admin.client_for(anon, "member", [items["network"]])
    body = {"scope": "network", "network_id": items["network"], "allowed_origins": [INTRANET]}
    assert (await member.post("/v1/wheel-embeds", body)).status_code == 403
    created = await _embed(coordinator, items["network"])
    assert (await member.delete(f"/v1/wheel-embeds/{created['id']}")).status_code == 403
    other = await admin.create("/v1/networks", {"name": f"Toinen {uuid.uuid4().hex[:6]}"})
    outsider = await admin.client_for(anon, "coordinator", [other["id"]])
    assert (await outsider.delete(f"/v1/wheel-embeds/{created['id']}")).status_code == 404
    refused = await outsider.post("/v1/wheel-embeds", body)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "network_id"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"allowed_origins": ["https://intranet.example.fi/sivu"]}, "allowed_origins"),
        ({"allowed_origins": ["ftp://intranet.example.fi"]}, "allowed_origins"),
        ({"allowed_origins": []}, "allowed_origins"),
        ({"scope": "group"}, "group_id"),
        ({"group_id": "{group}"}, "group_id"),
        ({"options": {"rings": "colour"}}, "options.rings"),
        ({"options": {"size": 99999}}, "options.size"),
        ({"options": {"groups": [str(uuid.uuid4())]}}, "options.groups"),
    ],
)
async def test_invalid_embeds_get_a_422_naming_the_field(coordinator, items, extra, field):
    if extra.get("group_id") == "{group}":
        extra = {"group_id": items["group"]["id"]}  # scope network: no group_id
    body = {"scope": "network", "network_id": items["network"], "allowed_origins": [INTRANET],
            **extra}  # fmt: skip
    response = await coordinator.post("/v1/wheel-embeds", body)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"].split("[")[0] == field


async def test_the_page_is_rate_limited_like_feeds(coordinator, anon, items, monkeypatch):
    created = await _embed(coordinator, items["network"])
    second = await _embed(coordinator, items["network"])
    # Limits count per whole minute: start the burst well inside one.
    into = datetime.now(UTC).second
    if into > 55:
        time.sleep(60 - into + 0.2)
    monkeypatch.setattr(get_settings(), "feed_rate_limit_per_minute", 2)
    path = _path(created)
    assert [(await anon.get(path)).status_code for _ in range(2)] == [200, 200]
    refused = await anon.get(path)
    assert refused.status_code == 429
    assert refused.headers["ratelimit-policy"] == '"feed";q=2;w=60'
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert path.rsplit("/", 1)[1] not in refused.text
    # Each page has its own budget; invented tokens are not counted at all.
    assert (await anon.get(_path(second))).status_code == 200
    assert [(await anon.get("/wheel/guess")).status_code for _ in range(3)] == [404] * 3
