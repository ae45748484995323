"""Webhook delivery benchmark: deliveries/s and commit→delivery latency, SQLite and PostgreSQL.

    .venv/bin/python bench/webhooks.py [--backends sqlite,postgresql] [--n 2000] [--rate 200]

In one run, against one local receiver process (bench/receiver.py, keep-alive, answers 204):
1. the practical limit: a bare httpx loop POSTing the same signed bodies one after another;
2. throughput: N committed notifications drained by the dispatcher (same process, one endpoint,
   so deliveries are sequential in notification order, like the bare loop);
3. latency: a producer commits notifications at --rate per second while a separate dispatcher
   process (the worker's delivery loop) delivers them; the receiver records arrival times.
Targets (issue #4): throughput at least half the bare loop; p99 commit→delivery under 1 s.
"""

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("VUOSIKELLO_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "true")
os.environ.setdefault("VUOSIKELLO_ENV", "test")

import httpx  # noqa: E402

from app.auth.models import Role  # noqa: E402
from app.auth.principal import Principal  # noqa: E402
from app.core.config import get_settings  # noqa: E402
from app.core.db.migrate import upgrade  # noqa: E402
from app.core.db.session import Database  # noqa: E402
from app.core.db.types import utcnow  # noqa: E402
from app.kernel import signing  # noqa: E402
from app.networks.models import Network  # noqa: E402
from app.notifications.service import emit  # noqa: E402
from app.webhooks import service as webhooks  # noqa: E402
from app.webhooks.dispatcher import Dispatcher  # noqa: E402
from app.webhooks.schemas import WebhookCreate  # noqa: E402

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
ADMIN = Principal(client_id=uuid.uuid4(), role=Role.admin, network_ids=frozenset())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ReceiverProcess:
    def __init__(self) -> None:
        self.port = free_port()
        self.out = tempfile.mktemp(suffix=".jsonl")
        self.url = f"http://127.0.0.1:{self.port}/hook"

    def __enter__(self) -> "ReceiverProcess":
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "receiver.py"), str(self.port), self.out],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout.readline().strip() == "ready"
        return self

    def records(self) -> list[dict]:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        with open(self.out) as f:
            return [json.loads(line) for line in f]

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.proc.kill()


def database_url(backend: str) -> str:
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='vk-bench-')}/bench.db"
    import psycopg

    name = f"vk_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def drop(url: str) -> None:
    if url.startswith("postgresql"):
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def setup(database: Database, url: str) -> tuple[uuid.UUID, uuid.UUID]:
    async with database.sessionmaker() as session:
        network = Network(name="Benchmark")
        session.add(network)
        await session.flush()
        endpoint, _ = await webhooks.create(
            session, ADMIN, WebhookCreate(network_id=network.id, url=url)
        )
        await session.commit()
        return network.id, endpoint.id


async def produce(database: Database, network_id: uuid.UUID, count: int) -> None:
    async with database.sessionmaker() as session:
        for index in range(count):
            emit(session, network_id=network_id, type="partner.created",
                 subject=f"/v1/partners/{index}", data={"name": f"Järjestö {index}"})  # fmt: skip
        await session.commit()


async def pending(database: Database, endpoint_id: uuid.UUID) -> int:
    from app.webhooks.models import WebhookEndpoint

    async with database.sessionmaker() as session:
        endpoint = await session.get(WebhookEndpoint, endpoint_id)
        return await webhooks.pending_count(session, endpoint)


async def bare_loop(url: str, count: int) -> float:
    """The limit: the same signed bodies, POSTed one after another with no bookkeeping."""
    secret = signing.new_secret()
    bodies = []
    for index in range(count):
        body = json.dumps({"specversion": "1.0", "id": str(uuid.uuid4()), "type": "x",
                           "time": utcnow().isoformat(), "data": {"n": index}})  # fmt: skip
        bodies.append(body)
    async with httpx.AsyncClient() as client:
        started = time.perf_counter()
        for body in bodies:
            now = utcnow()
            msg_id = str(uuid.uuid4())
            response = await client.post(
                url, content=body, headers=signing.headers([secret], msg_id, now, body)
            )
            assert response.status_code == 204
        return count / (time.perf_counter() - started)


async def throughput(backend: str, count: int, receiver: ReceiverProcess) -> dict:
    url = database_url(backend)
    try:
        await asyncio.to_thread(upgrade, url)
        settings = get_settings().model_copy(update={"database_url": url})
        database = Database(settings)
        network_id, _ = await setup(database, receiver.url)
        await produce(database, network_id, count)
        dispatcher = Dispatcher(database)
        started = time.perf_counter()
        delivered = 0
        while delivered < count:
            delivered += await dispatcher.tick()
        elapsed = time.perf_counter() - started
        await dispatcher.close()
        await database.dispose()
        return {"delivered": delivered, "per_second": delivered / elapsed}
    finally:
        drop(url)


async def latency(backend: str, rate: int, seconds: float) -> dict:
    url = database_url(backend)
    try:
        await asyncio.to_thread(upgrade, url)
        settings = get_settings().model_copy(update={"database_url": url})
        database = Database(settings)
        with ReceiverProcess() as receiver:
            network_id, endpoint_id = await setup(database, receiver.url)
            env = {**os.environ, "VUOSIKELLO_DATABASE_URL": url}
            worker = subprocess.Popen(
                [str(Path(sys.executable).parent / "vuosikello"), "worker"],
                cwd=ROOT,
                env=env,
            )
            try:
                await asyncio.sleep(1.5)  # let the worker start
                total = int(rate * seconds)
                started = time.perf_counter()
                for index in range(total):
                    target = started + index / rate
                    delay = target - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    async with database.sessionmaker() as session:
                        emit(session, network_id=network_id, type="partner.created",
                             subject=f"/v1/partners/{index}", data={"n": index})  # fmt: skip
                        await session.commit()
                achieved = total / (time.perf_counter() - started)
                deadline = time.time() + 60
                while time.time() < deadline and await pending(database, endpoint_id):
                    await asyncio.sleep(0.2)
            finally:
                worker.terminate()
                worker.wait(timeout=30)
            records = receiver.records()
        await database.dispose()
        lags = sorted((r["received"] - r["sent"]) * 1000 for r in records if r["sent"])
        ids = [r["id"] for r in records]
        return {
            "offered_per_second": round(achieved, 1),
            "sent": total,
            "received": len(records),
            "duplicates": len(ids) - len(set(ids)),
            "p50_ms": round(statistics.quantiles(lags, n=100)[49], 1),
            "p95_ms": round(statistics.quantiles(lags, n=100)[94], 1),
            "p99_ms": round(statistics.quantiles(lags, n=100)[98], 1),
            "max_ms": round(lags[-1], 1),
        }
    finally:
        drop(url)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    results: dict = {}
    with ReceiverProcess() as receiver:
        results["bare_loop_per_second"] = round(await bare_loop(receiver.url, args.n), 1)
        for backend in args.backends.split(","):
            result = await throughput(backend, args.n, receiver)
            result["per_second"] = round(result["per_second"], 1)
            result["ratio_to_bare_loop"] = round(
                result["per_second"] / results["bare_loop_per_second"], 2
            )
            results[f"{backend}_throughput"] = result
    for backend in args.backends.split(","):
        results[f"{backend}_latency"] = await latency(backend, args.rate, args.seconds)
    print(json.dumps(results, indent=2))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "webhooks.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    asyncio.run(main())
