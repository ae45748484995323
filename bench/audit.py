"""Audit trail benchmark (not a timed test): what the chained audit entry costs a write, and
how fast `vuosikello audit verify` recomputes the chain.

    .venv/bin/python bench/audit.py                      # SQLite (a fresh temporary file)
    .venv/bin/python bench/audit.py --database-url postgresql+psycopg://postgres@127.0.0.1/test_h4

Writes are `POST /v1/partners` through the ASGI app (in-process httpx), `--concurrency` at a
time, once with the audit hook and once with it unhooked. On PostgreSQL the `public` schema of
the given database is dropped and recreated.
"""

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--writes", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="median of this many")
    parser.add_argument("--verify-entries", type=int, default=50_000)
    return parser.parse_args()


ARGS = parse_args()
TMP = tempfile.mkdtemp(prefix="vuosikello-bench-")
URL = ARGS.database_url or f"sqlite+aiosqlite:///{TMP}/bench.db"
os.environ["VUOSIKELLO_DATABASE_URL"] = URL
# One client makes every write: the per-client rate limit would refuse the load itself.
os.environ.setdefault("VUOSIKELLO_RATE_LIMIT_PER_MINUTE", "0")

import httpx  # noqa: E402
from sqlalchemy import event  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app.audit import service as audit  # noqa: E402
from app.auth import service as clients  # noqa: E402
from app.auth.models import Role  # noqa: E402
from app.core.db.migrate import upgrade  # noqa: E402
from app.core.db.session import get_database  # noqa: E402
from app.main import app  # noqa: E402
from tests.support import Api, reset_database  # noqa: E402


async def writes_per_second(api: Api, network_id: str, label: str) -> float:
    semaphore = asyncio.Semaphore(ARGS.concurrency)

    async def one(i: int) -> None:
        async with semaphore:
            body = {"network_id": network_id, "name": f"{label} {i}", "kind": "ngo"}
            response = await api.post("/v1/partners", body)
            assert response.status_code == 201, response.text

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(ARGS.writes)))
    return ARGS.writes / (time.perf_counter() - started)


async def main() -> None:
    database = get_database()
    async with database.sessionmaker() as session:
        client, secret = await clients.create(
            session, name="bench", role=Role.admin, network_ids=[]
        )
        await session.commit()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
        api = await Api(http).login(str(client.id), secret)
        network = await api.create("/v1/networks", {"name": "Bench"})
        await writes_per_second(api, network["id"], "warm-up")
        audited, unaudited = [], []
        for round_ in range(ARGS.rounds):  # interleaved: the machine's load drifts
            audited.append(await writes_per_second(api, network["id"], f"audited {round_}"))
            event.remove(Session, "before_commit", audit._chain_pending)
            unaudited.append(await writes_per_second(api, network["id"], f"plain {round_}"))
            event.listen(Session, "before_commit", audit._chain_pending)
        with_audit, without = statistics.median(audited), statistics.median(unaudited)
    async with database.sessionmaker() as session:
        pending = [
            {**(await _template(session)), "id": audit.uuid7()} for _ in range(ARGS.verify_entries)
        ]
        session.info[audit.PENDING] = pending
        await session.commit()
    async with database.sessionmaker() as session:
        started = time.perf_counter()
        verifier = await audit.verify(session)
        seconds = time.perf_counter() - started
    assert verifier.broken_at is None
    print(f"database: {URL.split('@')[-1]}, {ARGS.concurrency} concurrent writers")
    print(f"POST /v1/partners with audit:    {with_audit:8.1f} writes/s (median)")
    print(f"POST /v1/partners without audit: {without:8.1f} writes/s (median)")
    print(f"audit verify: {verifier.count} entries in {seconds:.2f} s "
          f"({verifier.count / seconds:,.0f} entries/s)")  # fmt: skip
    await database.dispose()


async def _template(session) -> dict:
    audit.record(session, action="update", resource_type="partner", fields=["name"])
    return session.info.pop(audit.PENDING)[0]


if __name__ == "__main__":
    reset_database(URL)
    upgrade(URL)
    asyncio.run(main())
