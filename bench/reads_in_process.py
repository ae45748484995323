"""What a warm authenticated read costs the app itself, beside a bare handler, in one run:

    .venv/bin/python -m bench.reads_in_process [--requests 3000] [--database-url URL]

Each request calls the ASGI app directly (no HTTP, no socket, no wrk: the machine's other
load moves these figures less than bench/true_limit.py's). One database (a fresh SQLite file
unless --database-url names an empty PostgreSQL database, dropped and created again) with
bench/true_limit_data.py's coordinator and a network of 20 events; a bare FastAPI app
answering the same bytes from memory, `/healthz`, `GET /v1/events/{id}` and `GET /v1/networks` (the
coordinator's token), each after 300 requests of warm-up; microseconds per request.
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.true_limit import fresh_database


async def call(app: Any, path: str, headers: list[tuple[bytes, bytes]]) -> int:
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "headers": [(b"host", b"bench"), *headers],
        "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
    }  # fmt: skip
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def measure(requests: int, data: dict[str, str]) -> dict[str, float]:
    # Imported here: the app reads its settings from the environment main() has just set.
    import httpx
    from fastapi import FastAPI, Response

    from app.main import app

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        form = {"grant_type": "client_credentials", "client_id": data["coordinator_id"],
                "client_secret": data["coordinator_secret"]}  # fmt: skip
        token = (await client.post("/v1/auth/token", data=form)).json()["access_token"]
        body = {"title": "x", "start": "2027-10-05T09:00:00", "network_id": data["network_id"]}
        auth = {"Authorization": f"Bearer {token}"}
        created = (await client.post("/v1/events", json=body, headers=auth)).json()
        event_path = f"/v1/events/{created['id']}"
        answered = {p: (await client.get(p, headers=auth)).content
                    for p in (event_path, "/v1/networks")}  # fmt: skip

    # The limit: a bare app answering exactly those bytes from memory.
    bare = FastAPI()

    @bare.get("/event")
    async def event() -> Response:
        return Response(answered[event_path], media_type="application/json")

    @bare.get("/networks")
    async def networks() -> Response:
        return Response(answered["/v1/networks"], media_type="application/json")

    bearer = [(b"authorization", f"Bearer {token}".encode())]
    cases = {
        "bare: the event's bytes": (bare, "/event", []),
        "bare: the list's bytes": (bare, "/networks", []),
        "/healthz": (app, "/healthz", []),
        "GET /v1/events/{id}": (app, event_path, bearer),
        "GET /v1/networks": (app, "/v1/networks", bearer),
    }
    results = {}
    for name, (target, path, headers) in cases.items():
        for _ in range(300):
            assert await call(target, path, headers) == 200, name
        started = time.perf_counter()
        for _ in range(requests):
            await call(target, path, headers)
        results[name] = round((time.perf_counter() - started) / requests * 1e6, 1)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--database-url", help="an empty PostgreSQL database (dropped first)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="vuosikello-bench-reads-")
    kind = "postgresql" if args.database_url else "sqlite"
    url = fresh_database(kind, args.database_url, Path(work))
    os.environ.update({
        "VUOSIKELLO_DATABASE_URL": url, "VUOSIKELLO_ENV": "test",
        "VUOSIKELLO_SECRET_KEY": "bench-secret-" + "x" * 40,
        "VUOSIKELLO_RATE_LIMIT_PER_MINUTE": "0", "VUOSIKELLO_FEED_RATE_LIMIT_PER_MINUTE": "0",
        "VUOSIKELLO_TOKEN_RATE_LIMIT_PER_MINUTE": "0",
    })  # fmt: skip
    made = subprocess.run([sys.executable, "-m", "bench.true_limit_data", url, "20"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    data = json.loads(made.stdout.splitlines()[-1])
    results = asyncio.run(measure(args.requests, data))
    print(f"{kind}, load average {os.getloadavg()[0]:.1f}")
    for name, micros in results.items():
        print(f"  {name:22} {micros:8.1f} us")


if __name__ == "__main__":
    main()
