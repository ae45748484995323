"""The external OpenID Connect provider's signing keys, as the service sees them through HTTP:
cached, refetched once when a new key signs a token, at most once per cooldown for made-up key
ids, kept through the provider's outages. The JWKS server counts every fetch."""

import asyncio
import logging

from tests.support.oidc import COOLDOWN_SECONDS, SigningKey, bearer, claims
from tests.support.problems import assert_problem


async def test_a_new_key_is_fetched_once_when_it_first_signs_a_token(
    anon, provider, provider_clock, oidc_key, network
):
    nid = network["id"]
    before = provider.requests
    assert (await bearer(anon, oidc_key.sign(claims(networks=[nid]))).get(
        "/v1/networks"
    )).status_code == 200  # fmt: skip
    assert provider.requests == before + 1  # the cached keys were old

    provider_clock.advance(COOLDOWN_SECONDS + 1)
    rotated = SigningKey()
    provider.publish(oidc_key, rotated)
    for _ in range(3):
        r = await bearer(anon, rotated.sign(claims(networks=[nid]))).get("/v1/networks")
        assert r.status_code == 200, r.text
    assert provider.requests == before + 2  # one refetch for the new key, then cached
    r = await bearer(anon, oidc_key.sign(claims(networks=[nid]))).get("/v1/networks")
    assert r.status_code == 200  # the old key still works while the provider publishes it

    # The provider withdraws the old key; the next refetch forgets it.
    provider.publish(rotated)
    provider_clock.advance(COOLDOWN_SECONDS + 1)
    unknown = SigningKey().sign(claims(networks=[nid]))
    assert_problem(await bearer(anon, unknown).get("/v1/networks"), 401, error="invalid_token")
    assert provider.requests == before + 3
    old = oidc_key.sign(claims(networks=[nid]))
    assert_problem(await bearer(anon, old).get("/v1/networks"), 401, error="invalid_token")
    assert (await bearer(anon, rotated.sign(claims())).get("/v1/networks")).status_code == 200


async def test_unknown_key_ids_refetch_at_most_once_per_cooldown(
    anon, provider, provider_clock, oidc_key, network
):
    nid = network["id"]
    before = provider.requests
    good = oidc_key.sign(claims(networks=[nid]))
    assert (await bearer(anon, good).get("/v1/networks")).status_code == 200
    assert provider.requests == before + 1

    def forged() -> str:
        return SigningKey().sign(claims(roles=["admin"]))

    forgeries = [forged() for _ in range(5)]

    async def burst() -> None:
        tokens = [forgeries[i % len(forgeries)] for i in range(20)]
        responses = await asyncio.gather(*(bearer(anon, t).get("/v1/networks") for t in tokens))
        for r in responses:
            assert_problem(r, 401, error="invalid_token")

    # Within the cooldown of the last fetch: no fetch at all.
    provider_clock.advance(COOLDOWN_SECONDS / 2)
    await burst()
    assert provider.requests == before + 1
    # A new cooldown: the first unknown kid fetches once, the other 19 wait for the next.
    for _ in range(2):
        provider_clock.advance(COOLDOWN_SECONDS + 1)
        await burst()
        await burst()
    assert provider.requests == before + 3
    # Known keys keep working meanwhile, without fetching.
    assert (await bearer(anon, good).get("/v1/networks")).status_code == 200
    assert provider.requests == before + 3


async def test_requests_that_arrive_during_a_fetch_wait_for_it(
    anon, provider, provider_clock, oidc_key, network
):
    """A burst signed with a new key, while the provider answers slowly: one fetch, and every
    request gets the key it brings instead of a 401."""
    assert (await bearer(anon, oidc_key.sign(claims())).get("/v1/networks")).status_code == 200
    before = provider.requests
    fresh = SigningKey()
    provider.publish(oidc_key, fresh)
    provider.delay = 0.5
    provider_clock.advance(COOLDOWN_SECONDS + 1)
    try:
        tokens = [fresh.sign(claims(networks=[network["id"]])) for _ in range(10)]
        tokens += [oidc_key.sign(claims(networks=[network["id"]])) for _ in range(3)]
        responses = await asyncio.gather(*(bearer(anon, t).get("/v1/networks") for t in tokens))
    finally:
        provider.delay = 0.0
    assert [r.status_code for r in responses] == [200] * len(tokens)
    assert provider.requests == before + 1


async def test_a_key_published_during_the_cooldown_works_after_it(
    anon, provider, provider_clock, oidc_key, network
):
    assert (await bearer(anon, oidc_key.sign(claims())).get("/v1/networks")).status_code == 200
    fresh = SigningKey()
    provider.publish(oidc_key, fresh)
    token = fresh.sign(claims(networks=[network["id"]]))
    provider_clock.advance(10)
    assert_problem(await bearer(anon, token).get("/v1/networks"), 401, error="invalid_token")
    provider_clock.advance(COOLDOWN_SECONDS)
    assert (await bearer(anon, token).get("/v1/networks")).status_code == 200


async def test_an_unreachable_provider_means_401_not_500_and_recovers(
    anon, provider, provider_clock, oidc_key, network, caplog
):
    known = oidc_key.sign(claims(networks=[network["id"]]))
    assert (await bearer(anon, known).get("/v1/networks")).status_code == 200
    fresh = SigningKey()
    provider.publish(oidc_key, fresh)
    provider.status = 503
    provider_clock.advance(COOLDOWN_SECONDS + 1)
    token = fresh.sign(claims(networks=[network["id"]]))
    with caplog.at_level(logging.INFO, logger="vuosikello"):
        r = await bearer(anon, token).get("/v1/networks")
    assert_problem(r, 401, error="invalid_token")
    assert "could not fetch the OpenID Connect keys" in caplog.text
    assert token not in caplog.text
    # The keys fetched before the outage keep working, even once they are old.
    assert (await bearer(anon, known).get("/v1/networks")).status_code == 200
    provider_clock.advance(2 * 24 * 3600)
    assert (await bearer(anon, known).get("/v1/networks")).status_code == 200

    provider.status = 200
    provider_clock.advance(COOLDOWN_SECONDS + 1)
    assert (await bearer(anon, token).get("/v1/networks")).status_code == 200
