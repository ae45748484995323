"""The benchmark's data, in a process of its own (settings are read once per process):

    python -m bench.true_limit_data DATABASE_URL EVENTS

migrates DATABASE_URL (a fresh SQLite file or an empty PostgreSQL database), creates an admin
client, a network with EVENTS events (10 % yearly series, a reminder rule on each), a
coordinator client of the network and a feed with alarms, and prints their ids and secrets as
JSON.
"""

import asyncio
import json
import os
import sys
import uuid
from datetime import datetime, timedelta

WORDS = [
    *("hyvinvointi", "lapset", "nuoret", "perheet", "kunta", "seminaari", "ohjausryhmä"),
    *("työryhmä", "päätös", "arviointi", "lausunto", "valmistelu", "talousarvio"),
    *("suunnitelma", "yhteistyö", "järjestöt", "seurakunta", "koulu"),
]


def text(i: int, n: int) -> str:
    return " ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(n))


async def build(n_events: int) -> dict[str, str]:
    import sqlalchemy as sa

    from app.auth import service as auth_service
    from app.auth.models import Role
    from app.core.db.session import get_database
    from app.events.models import Event
    from app.feeds import service as feeds
    from app.feeds.models import FeedScope, FeedSubscription
    from app.kernel.recurrence import Series, validate_series
    from app.kernel.timefields import zone
    from app.networks.models import Network

    db = get_database()
    async with db.sessionmaker() as session:
        admin, admin_secret = await auth_service.create(
            session, name="bench admin", role=Role.admin, network_ids=[]
        )
        network = Network(name="Benchmark-verkosto")
        session.add(network)
        await session.flush()
        coordinator, coordinator_secret = await auth_service.create(
            session, name="bench coordinator", role=Role.coordinator, network_ids=[network.id]
        )
        rows = []
        base = datetime(2027, 1, 4, 9, 0)
        for i in range(n_events):
            start = base + timedelta(days=(i * 37) % 700, hours=i % 8)
            end = start + timedelta(hours=2)
            rrule = "FREQ=YEARLY" if i % 10 == 0 else None
            span_start, span_end = validate_series(
                Series(start=start, end=end, zone=zone("Europe/Helsinki"), rrule=rrule)
            )
            rows.append({
                "id": uuid.uuid4(), "network_id": network.id,
                "uid": uuid.uuid4().hex + "@vuosikello", "title": text(i, 5).capitalize(),
                "description": text(i + 1, 40).capitalize() + ".",
                "location": f"Kokoushuone {i % 40}, Kaupungintalo",
                "category": ["Päätöksenteko", "Seminaarit", "Ohjausryhmät", "Arviointi"][i % 4],
                "status": "confirmed", "all_day": False, "timezone": "Europe/Helsinki",
                "start_local": start, "end_local": end, "rrule": rrule, "exdates": [],
                "span_start": span_start, "span_end": span_end, "sequence": 0, "version": 1,
                "created_at": span_start, "updated_at": span_start,
                "reminders": [{"offset": "-P1D", "channels": ["notification"]}],
            })  # fmt: skip
        await (await session.connection()).execute(sa.insert(Event.__table__), rows)
        token = feeds.new_token()
        session.add(
            FeedSubscription(
                network_id=network.id,
                owner_client_id=admin.id,
                scope=FeedScope.network,
                alarms=True,
                token_hash=feeds.hash_token(token),
            )
        )
        await session.commit()
    await db.dispose()
    return {
        "admin_id": str(admin.id),
        "admin_secret": admin_secret,
        "coordinator_id": str(coordinator.id),
        "coordinator_secret": coordinator_secret,
        "network_id": str(network.id),
        "feed_token": token,
    }


def main() -> None:
    url, n_events = sys.argv[1], int(sys.argv[2])
    os.environ["VUOSIKELLO_DATABASE_URL"] = url
    os.environ.setdefault("VUOSIKELLO_ENV", "test")
    os.environ.setdefault("VUOSIKELLO_SECRET_KEY", "bench-secret-" + "x" * 40)
    from app.core.db.migrate import upgrade

    upgrade(url)
    print(json.dumps(asyncio.run(build(n_events))))


if __name__ == "__main__":
    main()
