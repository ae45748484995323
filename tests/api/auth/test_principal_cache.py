"""The principal cache (app/auth/cache.py): a request with a cached principal asks nothing
about its caller, and every change of a client's access still ends its tokens: at once in the
process that made it, within the bound when another process (here the CLI) made it."""

import json
import time

from app.core.config import get_settings
from tests.support.cli import run_cli
from tests.support.statements import statements


def about_clients(seen: list[str]) -> list[str]:
    return [s for s in seen if "clients" in s or "change_stamps" in s]


async def test_a_cached_principal_costs_no_query_about_the_caller(admin, anon, network):
    created = await admin.create(
        "/v1/clients", {"name": "Välimuisti", "role": "member", "network_ids": [network["id"]]}
    )
    member = await anon.login(created["client_id"], created["client_secret"])
    url = f"/v1/networks/{network['id']}"
    assert (await member.get(url)).status_code == 200
    with statements() as seen:
        assert (await member.get(url)).status_code == 200
    # At most the once-a-bound check of the credentials stamp, never the client's rows.
    assert [s for s in about_clients(seen) if "change_stamps" not in s] == []
    assert len(about_clients(seen)) <= 1


async def test_a_first_request_loads_client_and_networks_in_one_query(admin, anon, network):
    created = await admin.create(
        "/v1/clients", {"name": "Yksi kysely", "role": "member", "network_ids": [network["id"]]}
    )
    member = await anon.login(created["client_id"], created["client_secret"])
    with statements() as seen:
        assert (await member.get(f"/v1/networks/{network['id']}")).status_code == 200
    loads = [s for s in seen if "client_networks" in s]
    assert len(loads) == 1 and "JOIN" in loads[0].upper()


async def test_disable_rotation_and_network_change_end_cached_tokens_at_once(admin, anon, network):
    other = await admin.create("/v1/networks", {"name": "Toinen verkosto"})
    created = await admin.create(
        "/v1/clients",
        {"name": "Muuttuva", "role": "member", "network_ids": [network["id"], other["id"]]},
    )
    url = f"/v1/clients/{created['id']}"
    member = await anon.login(created["client_id"], created["client_secret"])
    # Warm: the principal is cached with both networks.
    for _ in range(2):
        assert (await member.get(f"/v1/networks/{other['id']}")).status_code == 200
    # A network taken away: the very next request no longer reaches it.
    r = await admin.patch(url, {"network_ids": [network["id"]]})
    assert r.status_code == 200, r.text
    assert (await member.get(f"/v1/networks/{other['id']}")).status_code == 404
    assert (await member.get(f"/v1/networks/{network['id']}")).status_code == 200
    # A rotation: the next request is refused.
    r = await admin.post(f"{url}/rotate-secret")
    assert r.status_code == 200, r.text
    assert (await member.get(f"/v1/networks/{network['id']}")).status_code == 401
    member = await anon.login(created["client_id"], r.json()["client_secret"])
    assert (await member.get(f"/v1/networks/{network['id']}")).status_code == 200
    # A disable: the next request is refused.
    assert (await admin.patch(url, {"disabled": True})).status_code == 200
    refused = await member.get(f"/v1/networks/{network['id']}")
    assert refused.status_code == 401, refused.text


async def test_a_rotation_by_another_process_ends_tokens_within_the_bound(admin, anon, network):
    bound = get_settings().principal_cache_seconds
    created = await admin.create(
        "/v1/clients", {"name": "Toinen prosessi", "role": "member", "network_ids": [network["id"]]}
    )
    member = await anon.login(created["client_id"], created["client_secret"])
    url = f"/v1/networks/{network['id']}"
    assert (await member.get(url)).status_code == 200
    result = run_cli("clients", "rotate-secret", created["client_id"], "--json")
    assert result.returncode == 0, result.stderr
    rotated_at = time.monotonic()
    while (status := (await member.get(url)).status_code) == 200:
        assert time.monotonic() - rotated_at <= bound + 0.5, "still accepted past the bound"
    refused_after = time.monotonic() - rotated_at
    assert status == 401 and refused_after <= bound + 0.5
    fresh = json.loads(result.stdout)
    again = await anon.login(created["client_id"], fresh["client_secret"])
    assert (await again.get(url)).status_code == 200
