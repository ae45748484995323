"""The limit each Vuosikello path is measured against: a bare FastAPI app on the same server,
one uvicorn process, no middleware, answering with what Vuosikello answered.

- `GET /feed`, `/feed.gz`, `/feed304`: the feed's bytes, its gzip bytes and a 304, from memory,
  with the same headers;
- `GET /event`, `/networks`: the same JSON bytes, from memory (Vuosikello answers a warm read
  from its cache of serialised views, so serialising a dict per request would be no limit);
- `POST /events`: the same event row (with its reminder rule) inserted with SQLAlchemy Core in
  one transaction on the same database, answering the row as JSON.

The captured answers are files in VUOSIKELLO_BENCH_DIR; the database is
VUOSIKELLO_BENCH_DATABASE_URL.
"""

import json
import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import event
from sqlalchemy.ext.asyncio import create_async_engine

from app.events.models import Event

DIR = Path(os.environ["VUOSIKELLO_BENCH_DIR"])
URL = os.environ["VUOSIKELLO_BENCH_DATABASE_URL"]
FEED = (DIR / "feed.ics").read_bytes()
FEED_GZ = (DIR / "feed.ics.gz").read_bytes()
HEADERS: dict[str, str] = json.loads((DIR / "feed_headers.json").read_text())
EVENT = (DIR / "event.json").read_bytes()
NETWORKS = (DIR / "networks.json").read_bytes()
EVENTS = Event.__table__  # type: ignore[attr-defined]

engine = create_async_engine(URL, **({"connect_args": {"timeout": 10}} if "sqlite" in URL else {}))
if "sqlite" in URL:

    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in ("foreign_keys=ON", "journal_mode=WAL", "busy_timeout=10000",
                       "synchronous=NORMAL"):  # fmt: skip
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    event.listen(engine.sync_engine, "connect", _pragmas)

app = FastAPI()


@app.get("/feed")
async def feed() -> Response:
    return Response(FEED, media_type="text/calendar; charset=utf-8", headers=HEADERS)


@app.get("/feed.gz")
async def feed_gz() -> Response:
    headers = {**HEADERS, "Content-Encoding": "gzip"}
    return Response(FEED_GZ, media_type="text/calendar; charset=utf-8", headers=headers)


@app.get("/feed304")
async def feed_304() -> Response:
    return Response(status_code=304, headers=HEADERS)


@app.get("/event")
async def get_event() -> Response:
    return Response(EVENT, media_type="application/json")


@app.get("/networks")
async def networks() -> Response:
    return Response(NETWORKS, media_type="application/json")


@app.post("/events", status_code=201)
async def create_event(request: Request) -> JSONResponse:
    body = await request.json()
    now = datetime.now(UTC)
    start = datetime.fromisoformat(body["start"])
    row = {
        "id": uuid.uuid4(), "network_id": uuid.UUID(body["network_id"]),
        "uid": uuid.uuid4().hex + "@vuosikello", "title": body["title"],
        "description": None, "location": None, "category": None, "url": None,
        "status": "confirmed", "all_day": False, "timezone": "Europe/Helsinki",
        "start_local": start, "end_local": start + timedelta(hours=1), "rrule": None,
        "exdates": [], "span_start": now, "span_end": now, "sequence": 0, "version": 1,
        "created_at": now, "updated_at": now, "reminders": body["reminders"],
    }  # fmt: skip
    async with engine.begin() as connection:
        await connection.execute(sa.insert(EVENTS), row)
    return JSONResponse(
        {**body, "id": str(row["id"]), "uid": row["uid"], "created_at": now.isoformat()},
        status_code=201,
    )
