"""Reminder benchmark (not a timed test): materialise 100,000 reminders, drain 10,000 due ones
through the dispatcher into notifications, and compare materialisation with scheduling the same
number of jobs in APScheduler's SQLAlchemyJobStore.

    .venv/bin/python bench/reminders.py                      # SQLite (a fresh temporary file)
    .venv/bin/python bench/reminders.py --database-url postgresql+psycopg://postgres@127.0.0.1/test_h6

The database URL may also come from VUOSIKELLO_BENCH_DATABASE_URL. On PostgreSQL the `public`
schema of the given database is dropped and recreated.

Materialisation is timed on both production paths: the horizon job (`extend_horizon`, what a
worker runs over every item), and an API edit's `follow_event` once per event.
"""

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("VUOSIKELLO_BENCH_DATABASE_URL"),
        help="default: $VUOSIKELLO_BENCH_DATABASE_URL, else a temporary SQLite file",
    )
    parser.add_argument("--events", type=int, default=125, help="daily series, 2 rules each")
    parser.add_argument("--drain", type=int, default=10_000)
    parser.add_argument(
        "--apscheduler-jobs", type=int, default=5_000, help="extrapolated to the same count"
    )
    return parser.parse_args()


ARGS = parse_args()
TMP = tempfile.mkdtemp(prefix="vuosikello-bench-")
URL = ARGS.database_url or f"sqlite+aiosqlite:///{TMP}/bench.db"
os.environ["VUOSIKELLO_DATABASE_URL"] = URL
os.environ.setdefault("VUOSIKELLO_REMINDER_BATCH_SIZE", "1000")

import sqlalchemy as sa  # noqa: E402

from app.auth.models import Role  # noqa: E402
from app.auth.principal import Principal  # noqa: E402
from app.core import clock  # noqa: E402
from app.core.config import get_settings  # noqa: E402
from app.core.db.migrate import upgrade  # noqa: E402
from app.core.db.session import get_database  # noqa: E402
from app.events.models import Event  # noqa: E402
from app.events.schemas import EventCreate  # noqa: E402
from app.flows import schedule  # noqa: E402
from app.networks import service as networks  # noqa: E402
from app.networks.schemas import NetworkCreate  # noqa: E402
from app.notifications.models import Notification  # noqa: E402
from app.reminders.dispatcher import Dispatcher  # noqa: E402
from app.reminders.models import Reminder  # noqa: E402
from app.worker import jobs  # noqa: E402
from app.worker.scheduler import Worker  # noqa: E402

RULES = [{"offset": "-PT1H", "channels": ["notification"], "recipients": {}},
         {"offset": "-PT15M", "channels": ["notification"], "recipients": {}}]  # fmt: skip
ADMIN = Principal(client_id=uuid.uuid4(), role=Role.admin, network_ids=frozenset())


def reset() -> None:
    if URL.startswith("postgresql"):
        from app.core.db.session import create_engine

        async def drop() -> None:
            engine = create_engine(get_settings())
            async with engine.begin() as connection:
                await connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
                await connection.exec_driver_sql("CREATE SCHEMA public")
            await engine.dispose()

        asyncio.run(drop())
    upgrade(URL)


def percentiles(values: list[float]) -> str:
    values = sorted(values)
    q = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {q[49]:.3f} s, p95 {q[94]:.3f} s, p99 {q[98]:.3f} s, max {values[-1]:.3f} s"


async def create_events(name: str) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """A network with daily series (no reminder rules yet), through the events service."""
    start_day = datetime.now(UTC).date() + timedelta(days=1)
    async with get_database().sessionmaker() as session:
        network = await networks.create(session, ADMIN, NetworkCreate(name=name))
        ids = []
        for index in range(ARGS.events):
            data = EventCreate(
                network_id=network.id,
                title=f"Päivittäinen {index}",
                start=datetime.combine(start_day, datetime.min.time()) + timedelta(minutes=index),
                rrule="FREQ=DAILY",
            )
            ids.append((await schedule.create_event(session, ADMIN, data))[0].id)
        await session.commit()
    return network.id, ids


async def count_reminders(network_id: uuid.UUID) -> int:
    async with get_database().sessionmaker() as session:
        query = sa.select(sa.func.count()).select_from(Reminder)
        return (await session.exec(query.where(Reminder.network_id == network_id))).scalar_one()


async def materialise_by_horizon_job() -> tuple[uuid.UUID, float, float, int]:
    """The rules are stored without syncing (as if set before the worker last ran); then the
    worker's horizon job materialises every item's rows."""
    network_id, ids = await create_events("Bench horizon")
    async with get_database().sessionmaker() as session:
        await session.exec(sa.update(Event).where(Event.id.in_(ids)).values(reminders=RULES))
        await session.commit()
    began, cpu = time.perf_counter(), time.process_time()
    items = await jobs.extend_horizon(get_database())
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    assert items == len(ids), items
    return network_id, elapsed, cpu, await count_reminders(network_id)


async def materialise_by_api_path() -> tuple[uuid.UUID, float, float, int]:
    """Each event's rules set and synced as an API edit does, all in one transaction."""
    network_id, ids = await create_events("Bench API")
    async with get_database().sessionmaker() as session:
        rows = (await session.exec(sa.select(Event).where(Event.id.in_(ids)))).scalars().all()
        began, cpu = time.perf_counter(), time.process_time()
        for event in rows:
            event.reminders = RULES
            session.add(event)
            await schedule.follow_event(session, event)
        await session.commit()
        elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    return network_id, elapsed, cpu, await count_reminders(network_id)


async def materialise() -> tuple[uuid.UUID, int]:
    for label, run in (
        ("horizon job", materialise_by_horizon_job),
        ("API path, per event", materialise_by_api_path),
    ):
        network_id, elapsed, cpu, count = await run()
        rate = f"{count / elapsed:,.0f}/s; {cpu:.2f} s CPU in this process"
        print(f"materialise ({label}): {count} reminders in {elapsed:.2f} s ({rate})", flush=True)
    # The drain phases below use rows of their own.
    async with get_database().sessionmaker() as session:
        await session.exec(sa.delete(Event))
        await session.commit()
    return network_id, count


async def insert_due(network_id: uuid.UUID, dues: list[datetime]) -> None:
    database = get_database()
    async with database.sessionmaker() as session:
        await session.exec(sa.delete(Reminder))
        await session.exec(sa.delete(Notification))
        now = clock.now()
        rows = [
            {
                "id": uuid.uuid4(), "created_at": now, "network_id": network_id,
                "source_type": "event", "source_id": uuid.uuid4(), "recurrence_id": "x",
                "rule_key": f"r{i}", "offset": "-PT1H", "title": "Bench", "all_day": False,
                "timezone": "Europe/Helsinki", "item_at": due, "due_at": due,
                "channels": ["notification"], "recipients": {}, "status": "scheduled",
                "attempts": 0,
            }
            for i, due in enumerate(dues)
        ]  # fmt: skip
        connection = await session.connection()
        await connection.execute(sa.insert(Reminder.__table__), rows)
        await session.commit()


async def notifications_count() -> int:
    async with get_database().sessionmaker() as session:
        result = await session.exec(sa.select(sa.func.count()).select_from(Notification))
        return result.scalar_one()


async def drain_backlog(network_id: uuid.UUID) -> tuple[float, int]:
    """10,000 reminders all due: how fast the dispatcher turns them into notifications."""
    now = clock.now()
    await insert_due(network_id, [now - timedelta(seconds=1)] * ARGS.drain)
    dispatcher = Dispatcher(get_database())
    began = time.perf_counter()
    while await dispatcher.run_once():
        pass
    elapsed = time.perf_counter() - began
    await dispatcher.dispose()
    return elapsed, await notifications_count()


async def live_lag(network_id: uuid.UUID) -> list[float]:
    """10,000 reminders falling due over 5 s while a worker ticks: due→sent lag, where `sent`
    is when the transaction holding the reminder's notification committed."""
    spread = 5.0
    first = clock.now() + timedelta(seconds=2)
    dues = [first + timedelta(seconds=spread * i / ARGS.drain) for i in range(ARGS.drain)]
    await insert_due(network_id, dues)
    due_of: dict[uuid.UUID, datetime] = {}
    async with get_database().sessionmaker() as session:
        for rid, due in (await session.exec(sa.select(Reminder.id, Reminder.due_at))).all():
            due_of[rid] = due
    worker = Worker()
    lags: list[float] = []
    original = worker.dispatcher._claim

    async def timed_claim(now):
        counts = await original(now)
        committed = datetime.now(UTC)
        lags.extend((committed - due_of[rid]).total_seconds() for rid in counts.fired)
        return counts

    worker.dispatcher._claim = timed_claim  # type: ignore[method-assign]
    worker.start(only=("reminders.dispatch",))
    deadline = time.monotonic() + 120
    while len(lags) < ARGS.drain and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    await worker.stop()
    return lags


def apscheduler_jobs(count: int) -> float:
    """Schedule `count` date jobs in APScheduler's SQLAlchemyJobStore (the same engine)."""
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    store_url = f"sqlite:///{TMP}/apscheduler.db" if URL.startswith("sqlite") else URL
    scheduler = BackgroundScheduler(jobstores={"default": SQLAlchemyJobStore(url=store_url)})
    scheduler.start(paused=True)
    run_date = datetime.now(UTC) + timedelta(days=30)
    began = time.perf_counter()
    for index in range(count):
        scheduler.add_job(
            print, "date", run_date=run_date + timedelta(seconds=index), id=f"job-{index}"
        )
    elapsed = time.perf_counter() - began
    scheduler.remove_all_jobs()
    scheduler.shutdown(wait=False)
    return elapsed


async def main() -> None:
    engine = "PostgreSQL" if URL.startswith("postgresql") else "SQLite"
    print(f"engine: {engine}; python {sys.version.split()[0]}; {os.cpu_count()} CPUs")
    network_id, count = await materialise()
    elapsed, made = await drain_backlog(network_id)
    print(
        f"drain backlog: {ARGS.drain} due reminders → {made} notifications in {elapsed:.2f} s "
        f"({ARGS.drain / elapsed:,.0f}/s)"
    )
    lags = await live_lag(network_id)
    print(f"live worker (tick {get_settings().reminder_tick_seconds:g} s): {len(lags)} sent, "
          f"due→sent lag {percentiles(lags)}")  # fmt: skip
    await get_database().dispose()
    if ARGS.apscheduler_jobs:
        jobs = ARGS.apscheduler_jobs
        seconds = apscheduler_jobs(jobs)
        print(
            f"APScheduler SQLAlchemyJobStore: {jobs} jobs in {seconds:.2f} s "
            f"({jobs / seconds:,.0f}/s); the same {count} would take "
            f"{count / (jobs / seconds):.1f} s"
        )


if __name__ == "__main__":
    reset()
    asyncio.run(main())
