"""The outbox order depends on this database alone (PostgreSQL commit positions).

Before, the feed and webhook cursors held back on pg_snapshot_xmin: a long transaction in any
database of the cluster stalled every feed, and a webhook endpoint created while another
transaction was open never received that transaction's notifications. On SQLite writers are
serialised, so neither case can arise there.
"""

import asyncio
import os
import uuid

import psycopg
import pytest
from sqlalchemy.engine import make_url

from app.auth.models import Role
from app.auth.principal import Principal
from app.core.db.session import get_database
from app.partners import service as partners
from app.partners.schemas import PartnerCreate
from app.webhooks.dispatcher import Dispatcher
from tests.support.receiver import Receiver

BACKEND = os.environ.get("VUOSIKELLO_TEST_BACKEND", "sqlite")
pytestmark = pytest.mark.skipif(
    BACKEND != "postgresql", reason="commit positions are PostgreSQL's; SQLite serialises writers"
)


def _other_database_dsn() -> str:
    """Another database of the same cluster (the maintenance database `postgres`)."""
    url = make_url(os.environ["VUOSIKELLO_DATABASE_URL"]).set(
        drivername="postgresql", database="postgres"
    )
    return url.render_as_string(hide_password=False)


async def _feed_types(api, network_id: str) -> list[str]:
    response = await api.get("/v1/notifications", params={"network_id": network_id})
    assert response.status_code == 200, response.text
    return [n["type"] for n in response.json()["data"]]


async def test_a_long_transaction_elsewhere_in_the_cluster_stalls_no_feed(coordinator, network):
    with psycopg.connect(_other_database_dsn()) as elsewhere:
        # An open transaction with a transaction id, as a long report or a stuck session has.
        elsewhere.execute("SELECT pg_current_xact_id()")
        await coordinator.create(
            "/v1/partners", {"network_id": network["id"], "name": "Kajaani", "kind": "municipality"}
        )
        assert "fi.vuosikello.partner.created" in await _feed_types(coordinator, network["id"])
        elsewhere.rollback()


async def test_new_endpoint_receives_a_transaction_open_at_its_creation(coordinator, network):
    receiver = await Receiver().start()
    dispatcher = Dispatcher(get_database())
    admin = Principal(client_id=uuid.uuid4(), role=Role.admin, network_ids=frozenset())
    try:
        async with get_database().sessionmaker() as open_transaction:
            await partners.create(
                open_transaction,
                admin,
                PartnerCreate(network_id=network["id"], name="Sotkamo", kind="municipality"),
            )
            await open_transaction.flush()
            # Meanwhile an integrator subscribes (its own transaction, committed).
            await coordinator.create(
                "/v1/webhooks", {"network_id": network["id"], "url": receiver.url}
            )
            await open_transaction.commit()
        for _ in range(20):
            if not await dispatcher.tick():
                break
        names = [r.body for r in receiver.received]
        assert any(b'"Sotkamo"' in body for body in names), names
        assert not any(b"webhook.created" in body for body in names)  # its own creation: before
    finally:
        await dispatcher.close()
        await receiver.stop()
        await asyncio.sleep(0)
