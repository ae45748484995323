"""Test harness: a fresh database per run (SQLite file or real PostgreSQL), migrated by Alembic,
and HTTP clients that talk to the app through its public interface.

`VUOSIKELLO_TEST_BACKEND=postgresql` runs against `VUOSIKELLO_TEST_DATABASE_URL`
(default postgresql+psycopg://postgres@127.0.0.1:5432/test); otherwise SQLite. Under
pytest-xdist every worker has a database of its own (tests/support/database.py).
Tests isolate themselves by creating their own networks, the way tenants are isolated.
"""

import json
import os
import socket
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest

# Reads no settings: safe to import before the environment below is set.
from tests.support import oidc
from tests.support.database import BACKEND, DATABASE_URL, reset_database

# Before the app is imported anywhere: settings are read once.
os.environ["VUOSIKELLO_DATABASE_URL"] = DATABASE_URL
os.environ["VUOSIKELLO_ENV"] = "test"
# Webhook tests deliver to a receiver on loopback, which production refuses by default.
os.environ["VUOSIKELLO_WEBHOOK_ALLOW_PRIVATE_NETWORKS"] = "true"
# Indicator refreshes never reach the internet: a test that refreshes starts its own Sotkanet on
# loopback (tests/support/sotkanet_server.py); anything else (a worker's weekly job) meets a
# closed loopback port and fails at once.
os.environ["VUOSIKELLO_SOTKANET_URL"] = "http://127.0.0.1:9/rest/1.1"
os.environ.setdefault("VUOSIKELLO_SOTKANET_RETRIES", "0")
os.environ.setdefault("VUOSIKELLO_SECRET_KEY", "test-secret-key-" + "x" * 32)
# An external OpenID Connect provider, as Entra ID would be configured. Its keys are served
# by `jwks_server` on a port bound now and held, so nothing else can take it meanwhile.
_jwks_socket = socket.socket()
_jwks_socket.bind(("127.0.0.1", 0))
os.environ["VUOSIKELLO_OIDC_ISSUER"] = oidc.ISSUER
os.environ["VUOSIKELLO_OIDC_AUDIENCE"] = oidc.AUDIENCE
os.environ["VUOSIKELLO_OIDC_JWKS_URL"] = (
    f"http://127.0.0.1:{_jwks_socket.getsockname()[1]}{oidc.JWKS_PATH}"
)
os.environ["VUOSIKELLO_OIDC_JWKS_COOLDOWN_SECONDS"] = str(oidc.COOLDOWN_SECONDS)
# The suite's own traffic (one admin, one address) must not trip the production rate limits;
# tests/system/test_rate_limits.py starts servers with low limits of their own.
for _limit in ("RATE_LIMIT", "FEED_RATE_LIMIT", "TOKEN_RATE_LIMIT"):
    os.environ.setdefault(f"VUOSIKELLO_{_limit}_PER_MINUTE", "1000000")

import httpx  # noqa: E402

from app.core import clock  # noqa: E402
from tests.support import secret_grep  # noqa: E402
from tests.support.api import Api  # noqa: E402
from tests.support.cli import run_cli  # noqa: E402
from tests.support.oidc import JwksServer, ProviderClock, SigningKey  # noqa: E402
from tests.support.receiver import Receiver  # noqa: E402


def pytest_sessionstart(session: pytest.Session) -> None:
    # Secrets the suite is given and the product's log records, for the grep at the end.
    secret_grep.install(session.config._tmp_path_factory.getbasetemp())  # type: ignore[attr-defined]


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """No log line of the whole run (records, server and worker logs) holds a secret."""
    secret_grep.fail_on_leaks(session)


def pytest_report_header() -> str:
    return f"vuosikello test database: {BACKEND} ({DATABASE_URL.split('@')[-1]})"


@pytest.fixture(scope="session")
def database_url() -> str:
    return DATABASE_URL


@pytest.fixture(scope="session", autouse=True)
def migrated_database() -> None:
    reset_database(DATABASE_URL)
    from app.core.db.migrate import upgrade

    upgrade(DATABASE_URL)


@pytest.fixture(scope="session")
def jwks_server() -> Iterator[JwksServer]:
    """The OpenID Connect provider's key endpoint (VUOSIKELLO_OIDC_JWKS_URL)."""
    server = JwksServer(_jwks_socket).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def oidc_key() -> SigningKey:
    """The provider's usual signing key."""
    return SigningKey()


@pytest.fixture
def provider_clock() -> Iterator[ProviderClock]:
    try:
        yield ProviderClock()
    finally:
        clock.set_frozen(None)


@pytest.fixture
def provider(jwks_server: JwksServer, oidc_key: SigningKey, provider_clock) -> JwksServer:
    """The provider up and publishing its usual key, on a fresh stretch of the app clock."""
    jwks_server.status, jwks_server.delay = 200, 0.0
    jwks_server.publish(oidc_key)
    return jwks_server


@pytest.fixture(scope="session")
def admin_credentials(migrated_database: None) -> dict[str, str]:
    """The bootstrap admin, created the way an operator would: with the CLI."""
    result = run_cli("clients", "create", "--name", "Test admin", "--role", "admin", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="session")
async def app():
    from app.core.db.session import get_database
    from app.main import app as asgi_app

    yield asgi_app
    await get_database().dispose()


@pytest.fixture(scope="session")
async def anon(app) -> AsyncIterator[Api]:
    """An unauthenticated client."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://vuosikello.test"
    ) as http:
        yield Api(http)


@pytest.fixture(scope="session")
async def admin(anon: Api, admin_credentials: dict[str, str]) -> Api:
    return await anon.login(admin_credentials["client_id"], admin_credentials["client_secret"])


@pytest.fixture
async def network(admin: Api) -> dict:
    """A fresh network for one test."""
    return await admin.create("/v1/networks", {"name": f"Testiverkosto {uuid.uuid4().hex[:8]}"})


@pytest.fixture
async def coordinator(admin: Api, anon: Api, network: dict) -> Api:
    return await admin.client_for(anon, "coordinator", [network["id"]])


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """A real webhook receiver on loopback, answering 200 unless scripted otherwise."""
    receiver = await Receiver().start()
    yield receiver
    await receiver.stop()
