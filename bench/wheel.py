"""Wheel benchmark: the SVG of a 5,000-item network year against the iCal feed render of the
same items, in one run on one machine.

    .venv/bin/python bench/wheel.py [--items 5000] [--runs 5]

1. builds a network of --items events in 2027 (four categories, a tenth spanning days) in a
   fresh SQLite file, and a network feed of the same events;
2. cold wheel: the picture's whole path (freshness query, the timeline's one expansion,
   lanes, labels, SVG text) with an empty picture cache, in-process, --runs times;
3. the same events' iCal feed, cold (feed and fragment caches emptied), --runs times;
4. warm wheel: the ETag check alone (what a 304 costs), and the PNG conversion (CairoSVG).
Target (issue 14): the cold wheel under 300 ms. Results go to bench/results/wheel.json.
"""

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="vuosikello-bench-wheel-"))
os.environ["VUOSIKELLO_DATABASE_URL"] = f"sqlite+aiosqlite:///{WORK}/bench.db"
os.environ.setdefault("VUOSIKELLO_ENV", "test")
os.environ.setdefault("VUOSIKELLO_SECRET_KEY", "bench-secret-" + "x" * 40)
CATEGORIES = ("Päätöksenteko", "Seminaarit", "Ohjausryhmät", "Arviointi")
WORDS = ("hyvinvointi", "lapset", "nuoret", "perheet", "kunta", "seminaari", "ohjausryhmä",
         "päätös", "arviointi", "valmistelu", "talousarvio", "yhteistyö")  # fmt: skip


def title(i: int) -> str:
    return " ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(4)).capitalize()


async def build(n_items: int) -> tuple[object, uuid.UUID, str]:
    import sqlalchemy as sa

    from app.auth import service as auth_service
    from app.auth.models import Role
    from app.auth.principal import Principal
    from app.core.db.session import get_database
    from app.events.models import Event
    from app.feeds import service as feeds
    from app.feeds.models import FeedScope, FeedSubscription
    from app.kernel.recurrence import Series, validate_series
    from app.kernel.timefields import zone
    from app.networks.models import Network

    async with get_database().sessionmaker() as session:
        client, _ = await auth_service.create(session, name="bench", role=Role.admin,
                                              network_ids=[])  # fmt: skip
        network = Network(name="Benchmark-verkosto")
        session.add(network)
        await session.flush()
        rows = []
        for i in range(n_items):
            start = datetime(2027, 1, 1, 8) + timedelta(days=(i * 37) % 365, hours=i % 9)
            end = start + (timedelta(days=1 + i % 5) if i % 10 == 0 else timedelta(hours=2))
            span_start, span_end = validate_series(
                Series(start=start, end=end, zone=zone("Europe/Helsinki"))
            )
            rows.append({
                "id": uuid.uuid4(), "network_id": network.id,
                "uid": uuid.uuid4().hex + "@vuosikello", "title": title(i),
                "location": f"Kokoushuone {i % 40}", "category": CATEGORIES[i % 4],
                "status": "confirmed", "all_day": False, "timezone": "Europe/Helsinki",
                "start_local": start, "end_local": end, "rrule": None, "exdates": [],
                "span_start": span_start, "span_end": span_end, "sequence": 0, "version": 1,
                "created_at": span_start, "updated_at": span_start, "reminders": [],
            })  # fmt: skip
        await (await session.connection()).execute(sa.insert(Event.__table__), rows)
        token = feeds.new_token()
        feed = FeedSubscription(
            network_id=network.id,
            owner_client_id=client.id,
            scope=FeedScope.network,
            token_hash=feeds.hash_token(token),
        )
        session.add(feed)
        await session.commit()
        principal = Principal(client.id, Role.admin, frozenset())
        return principal, network.id, token


def _ms(values: list[float]) -> dict[str, float]:
    rounded = [round(v * 1000, 1) for v in values]
    return {"median_ms": statistics.median(rounded), "min_ms": min(rounded),
            "max_ms": max(rounded)}  # fmt: skip


async def measure(n_items: int, runs: int) -> dict:
    from app.core.db.session import get_database
    from app.feeds import service as feeds
    from app.feeds.cache import feed_cache, fragments
    from app.kernel.ical.render import clear_caches
    from app.kernel.wheel.svg import render
    from app.wheel import service, views
    from app.wheel.cache import bodies
    from app.wheel.schemas import WheelOptions

    principal, network_id, token = await build(n_items)
    db = get_database()
    options, first = WheelOptions(), date(2027, 1, 1)
    wheel_times, draw_times, svg_times, feed_times, etag_times = [], [], [], [], []
    svg = ""
    for _ in range(runs):
        bodies.clear()
        async with db.sessionmaker() as session:
            began = time.perf_counter()
            network = await service.network_of(session, principal, network_id)
            shown = await service.picture(session, principal, network, options, first, "svg")
            wheel = await service.draw(session, principal, shown, details=False)
            drawn = time.perf_counter()
            svg = render(wheel)
            done = time.perf_counter()
        wheel_times.append(done - began)
        draw_times.append(drawn - began)
        svg_times.append(done - drawn)
        feed_cache.clear()
        fragments.clear()
        clear_caches()
        async with db.sessionmaker() as session:
            began = time.perf_counter()
            calendar = await feeds.calendar(session, token)
            feed_times.append(time.perf_counter() - began)
        async with db.sessionmaker() as session:
            began = time.perf_counter()
            network = await service.network_of(session, principal, network_id)
            await service.picture(session, principal, network, options, first, "svg")
            etag_times.append(time.perf_counter() - began)
    began = time.perf_counter()
    png = views.to_png(svg)
    png_time = time.perf_counter() - began
    items = svg.count('<g class="item ')
    assert items == n_items, (items, n_items)
    return {
        "items": n_items,
        "wheel_cold": _ms(wheel_times),
        "wheel_items_and_layout_input": _ms(draw_times),
        "wheel_svg_text": _ms(svg_times),
        "ical_feed_cold": _ms(feed_times),
        "wheel_etag_check": _ms(etag_times),
        "png_ms": round(png_time * 1000, 1),
        "svg_bytes": len(svg.encode()),
        "ical_bytes": len(calendar.body),
        "png_bytes": len(png),
        "target_cold_ms": 300,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from app.core.db.migrate import upgrade

    upgrade(os.environ["VUOSIKELLO_DATABASE_URL"])
    result = asyncio.run(measure(args.items, args.runs))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "wheel.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
