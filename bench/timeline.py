"""Timeline and wheel benchmark (issues 17 and 14), on SQLite and PostgreSQL, one command:

    .venv/bin/python bench/timeline.py [--events 5000] [--runs 5] [--engines sqlite,postgresql]
                                       [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432]

Per engine, in a child process with a fresh database (SQLite file; on PostgreSQL the database
`bench_timeline`, dropped and created), through the ASGI app in-process (httpx, an admin
token, rate limits off):

1. a *timeline* network of --events events over 2027-2031: nine in ten single events (some
   all-day, some at the spring-gap and autumn-repeat hours), the rest weekly and monthly
   series (COUNT-bounded) with a moved, a cancelled and a retitled occurrence each;
   `GET /v1/occurrences` for 1-week, 1-year and 5-year windows: the first page (limit 50 and
   500) and the whole window walked with limit 500; beside it "one expansion": the whole
   window in one in-process `timeline()` call (what one request of the old code paid per
   page);
2. a *wheel* network of --events items in 2027 (single events and weekly series), and its
   network iCal feed: `GET /v1/networks/{id}/wheel.svg?year=2027` cold (picture cache emptied)
   and `GET /ical/{token}.ics` cold (feed caches emptied), alternated in one loop; the 304.

Targets: first page < 100 ms (1-year and 5-year), paging about one expansion in total, the
wheel cold < 300 ms. Results go to bench/results/timeline.json.
"""

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ZONE = "Europe/Helsinki"
CATEGORIES = ("Päätöksenteko", "Seminaarit", "Ohjausryhmät", "Arviointi")
WINDOWS = {
    "1 week": ("2028-06-05", "2028-06-12"),
    "1 year": ("2028-01-01", "2029-01-01"),
    "5 years": ("2027-01-01", "2032-01-01"),
}


def _now() -> tuple[float, float]:
    """Wall time and this process's CPU time (all its threads: the SQLite driver's too; not
    the PostgreSQL server's)."""
    return time.perf_counter(), time.process_time()


def _since(began: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _now()
    return wall - began[0], cpu - began[1]


def _ms(values: list[tuple[float, float]]) -> dict[str, float]:
    walls = sorted(round(v[0] * 1000, 1) for v in values)
    cpus = sorted(round(v[1] * 1000, 1) for v in values)
    return {"median_ms": statistics.median(walls), "min_ms": walls[0], "max_ms": walls[-1],
            "cpu_median_ms": statistics.median(cpus)}  # fmt: skip


def _event_row(network_id: uuid.UUID, i: int, start: datetime, end: datetime, **extra: Any):
    from app.kernel.recurrence import Series, validate_series
    from app.kernel.timefields import zone

    rrule = extra.pop("rrule", None)
    all_day = extra.pop("all_day", False)
    span = validate_series(Series(start=start, end=end, zone=zone(ZONE), all_day=all_day,
                                  rrule=rrule))  # fmt: skip
    return {
        "id": uuid.uuid4(), "network_id": network_id, "uid": uuid.uuid4().hex + "@bench",
        "title": f"Tapahtuma {i}", "location": f"Kokoushuone {i % 40}",
        "category": CATEGORIES[i % 4], "status": "confirmed", "all_day": all_day,
        "timezone": ZONE, "start_local": start, "end_local": end, "rrule": rrule, "exdates": [],
        "span_start": span[0], "span_end": span[1], "sequence": 0, "version": 1,
        "created_at": span[0], "updated_at": span[0], "reminders": [], **extra,
    }  # fmt: skip


def _override(event: dict, rid: str, **fields: Any) -> dict:
    return {"id": uuid.uuid4(), "event_id": event["id"], "recurrence_id": rid,
            "cancelled": False, "start_local": None, "end_local": None, "title": None,
            "description": None, "location": None, "version": 1,
            "created_at": event["created_at"], "updated_at": event["created_at"],
            **fields}  # fmt: skip


def timeline_rows(network_id: uuid.UUID, count: int) -> tuple[list[dict], list[dict]]:
    """Nine in ten single events over five years, the rest series with overrides."""
    events, overrides = [], []
    first = datetime(2027, 1, 1, 8)
    singles = count * 9 // 10
    for i in range(singles):
        start = first + timedelta(days=(i * 1826) // singles, hours=i % 10)
        if i % 97 == 0:
            start = datetime(2028, 3, 26, 3, 30)  # the spring gap in Helsinki
        elif i % 89 == 0:
            start = datetime(2028, 10, 29, 3, 30)  # the autumn repeat
        if i % 20 == 0:
            day = datetime.combine(start.date(), datetime.min.time())
            events.append(_event_row(network_id, i, day, day + timedelta(days=1), all_day=True))
        else:
            events.append(_event_row(network_id, i, start, start + timedelta(hours=2)))
    for n, i in enumerate(range(singles, count)):
        start = first + timedelta(days=(n * 1800) // (count - singles), hours=9 + n % 6)
        if n % 2:
            rule = "FREQ=WEEKLY;COUNT=20"
            second = start + timedelta(weeks=1)
        else:
            start = start.replace(day=1)
            rule = "FREQ=MONTHLY;COUNT=12"
            second = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
        event = _event_row(network_id, i, start, start + timedelta(hours=1), rrule=rule)
        events.append(event)
        moved = second + timedelta(hours=3)
        overrides.append(_override(event, second.isoformat(), start_local=moved,
                                   end_local=moved + timedelta(hours=1)))  # fmt: skip
        if n % 2:
            third, fourth = start + timedelta(weeks=2), start + timedelta(weeks=3)
            overrides.append(_override(event, third.isoformat(), cancelled=True))
            overrides.append(_override(event, fourth.isoformat(), title="Muutettu"))
    return events, overrides


def wheel_rows(network_id: uuid.UUID, count: int) -> list[dict]:
    """`count` items in 2027: single events and twenty weekly series of twenty."""
    events = []
    singles = count - 400
    for i in range(singles):
        start = datetime(2027, 1, 1, 8) + timedelta(days=(i * 37) % 365, hours=i % 9)
        end = start + (timedelta(days=1 + i % 5) if i % 10 == 0 else timedelta(hours=2))
        events.append(_event_row(network_id, i, start, end))
    for n in range(20):
        start = datetime(2027, 1, 4, 13) + timedelta(days=7 * n)
        events.append(_event_row(network_id, singles + n, start, start + timedelta(hours=1),
                                 rrule="FREQ=WEEKLY;COUNT=20"))  # fmt: skip
    return events


async def build(count: int) -> dict[str, Any]:
    import sqlalchemy as sa

    from app.auth import service as auth_service
    from app.auth.models import Role
    from app.core.db.base import table_of
    from app.core.db.session import get_database
    from app.events.models import Event, OccurrenceOverride
    from app.feeds import service as feeds
    from app.feeds.models import FeedScope, FeedSubscription
    from app.networks.models import Network

    async with get_database().sessionmaker() as session:
        client, secret = await auth_service.create(session, name="bench", role=Role.admin,
                                                   network_ids=[])  # fmt: skip
        timeline_net, wheel_net = Network(name="Aikajana"), Network(name="Vuosikello")
        session.add_all([timeline_net, wheel_net])
        await session.flush()
        events, overrides = timeline_rows(timeline_net.id, count)
        conn = await session.connection()
        for start in range(0, len(events), 1000):
            await conn.execute(sa.insert(table_of(Event)), events[start : start + 1000])
        await conn.execute(sa.insert(table_of(OccurrenceOverride)), overrides)
        wheel_events = wheel_rows(wheel_net.id, count)
        for start in range(0, len(wheel_events), 1000):
            await conn.execute(sa.insert(table_of(Event)), wheel_events[start : start + 1000])
        token = feeds.new_token()
        session.add(
            FeedSubscription(
                network_id=wheel_net.id,
                owner_client_id=client.id,
                scope=FeedScope.network,
                token_hash=feeds.hash_token(token),
            )
        )
        await session.commit()  # fmt: skip
        return {"client_id": str(client.id), "secret": secret, "timeline": timeline_net.id,
                "wheel": wheel_net.id, "feed_token": token,
                "series": count - count * 9 // 10, "overrides": len(overrides)}  # fmt: skip


async def measure(count: int, runs: int) -> dict[str, Any]:
    import httpx

    from app.auth.models import Role
    from app.auth.principal import Principal
    from app.core.db.session import get_database
    from app.feeds.cache import feed_cache, fragments
    from app.kernel.ical.render import clear_caches
    from app.main import app
    from app.occurrences.service import timeline
    from app.occurrences.window import window_params
    from app.wheel.cache import bodies

    built = await build(count)
    result: dict[str, Any] = {"events": count, "series": built["series"],
                              "overrides": built["overrides"], "windows": {}}  # fmt: skip
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench.test") as http:
        login = await http.post("/v1/auth/token", data={
            "grant_type": "client_credentials", "client_id": built["client_id"],
            "client_secret": built["secret"]})  # fmt: skip
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}

        async def get(url: str, **params: Any) -> tuple[tuple[float, float], httpx.Response]:
            began = _now()
            response = await http.get(url, params=params, headers=headers)
            elapsed = _since(began)
            assert response.status_code in (200, 304), (url, response.text[:300])
            return elapsed, response

        principal = Principal(uuid.UUID(built["client_id"]), Role.admin, frozenset())
        # Warm up (imports, statement caches, the zone data) outside the timings.
        warm = {"network_id": str(built["timeline"]), "from": "2027-01-01", "to": "2027-02-01"}
        await get("/v1/occurrences", **warm)
        await get(f"/v1/networks/{built['wheel']}/wheel.svg", year=2026)
        await get(f"/ical/{built['feed_token']}.ics")
        for name, (start, end) in WINDOWS.items():
            params = {"network_id": str(built["timeline"]), "from": start, "to": end}
            first50, first500, walks, whole, pages, items = [], [], [], [], 0, 0
            for _ in range(runs):
                first50.append((await get("/v1/occurrences", **params, limit=50))[0])
                first500.append((await get("/v1/occurrences", **params, limit=500))[0])
                began, cursor, pages, items = _now(), None, 0, 0
                while True:
                    extra = {"cursor": cursor} if cursor else {}
                    _, page = await get("/v1/occurrences", **params, limit=500, **extra)
                    pages, items = pages + 1, items + len(page.json()["data"])
                    cursor = page.json()["next_cursor"]
                    if cursor is None:
                        break
                walks.append(_since(began))
                async with get_database().sessionmaker() as session:
                    began = _now()
                    everything, _ = await timeline(
                        session, principal, window_params(start, end), network_id=built[
                            "timeline"], group_id=None, partner_id=None, category=None,
                        limit=20_000, cursor=None)  # fmt: skip
                    whole.append(_since(began))
                assert len(everything) == items, (len(everything), items)
            result["windows"][name] = {
                "from": start, "to": end, "occurrences": items, "pages_of_500": pages,
                "first_page_50": _ms(first50), "first_page_500": _ms(first500),
                "all_pages_500": _ms(walks), "one_expansion_in_process": _ms(whole),
            }  # fmt: skip
        wheel_url = f"/v1/networks/{built['wheel']}/wheel.svg"
        feed_url = f"/ical/{built['feed_token']}.ics"
        wheel_times, feed_times, etag_times = [], [], []
        for _ in range(runs):
            bodies.clear()
            elapsed, svg = await get(wheel_url, year=2027)
            wheel_times.append(elapsed)
            feed_cache.clear()
            fragments.clear()
            clear_caches()
            elapsed, feed = await get(feed_url)
            feed_times.append(elapsed)
            began = _now()
            again = await http.get(
                wheel_url,
                params={"year": 2027},
                headers={**headers, "If-None-Match": svg.headers["etag"]},
            )
            etag_times.append(_since(began))  # fmt: skip
            assert again.status_code == 304
        drawn = svg.text.count('<g class="item ')
        assert drawn == count, (drawn, count)
        result["wheel"] = {
            "items": drawn, "wheel_svg_cold": _ms(wheel_times), "ical_feed_cold": _ms(feed_times),
            "wheel_304": _ms(etag_times), "svg_bytes": len(svg.content),
            "ical_bytes": len(feed.content),
        }  # fmt: skip
    await get_database().dispose()
    return result


def _pg_database(server: str) -> str:
    import psycopg

    with psycopg.connect(server.replace("+psycopg", "") + "/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench_timeline")
        conn.execute("CREATE DATABASE bench_timeline")
    return server + "/bench_timeline"


def child(engine: str, count: int, runs: int) -> None:
    from app.core.db.migrate import upgrade

    upgrade(os.environ["VUOSIKELLO_DATABASE_URL"])
    result = asyncio.run(measure(count, runs))
    result["engine"] = engine
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.events, args.runs)
        return
    results = []
    for engine in args.engines.split(","):
        if engine == "sqlite":
            url = f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='vuosikello-bench-tl-')}/b.db"
        else:
            url = _pg_database(args.pg_url)
        env = {**os.environ, "VUOSIKELLO_DATABASE_URL": url, "VUOSIKELLO_ENV": "test",
               "VUOSIKELLO_SECRET_KEY": "bench-secret-" + "x" * 40,
               "VUOSIKELLO_LOG_FORMAT": "text"}  # fmt: skip
        for limit in ("RATE_LIMIT", "FEED_RATE_LIMIT", "TOKEN_RATE_LIMIT"):
            env[f"VUOSIKELLO_{limit}_PER_MINUTE"] = "0"  # off
        done = subprocess.run(
            [sys.executable, __file__, "--child", engine, "--events", str(args.events),
             "--runs", str(args.runs)],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            sys.exit(f"{engine} failed:\n{done.stderr[-3000:]}")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    measured = {"date": date.today().isoformat(), "load_average": os.getloadavg(),
                "results": results}  # fmt: skip
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "timeline.json").write_text(json.dumps(measured, indent=2) + "\n")
    print(json.dumps(measured, indent=2))


if __name__ == "__main__":
    main()
