"""iCal feed benchmark: one feed of a 5,000-event network, in one run on one machine.

    .venv/bin/python bench/ical_feed.py [--events 5000] [--seconds 10] [--connections 16]
                                        [--no-radicale]

1. builds a network of --events events (10 % yearly series, each with reminder rules, feed
   with alarms on) in a fresh SQLite file;
2. cold render: the feed's full path (fingerprint query, load, render) with an empty cache;
3. serves it with real uvicorn on loopback (bench/ical_server.py: the API plus a static-file
   mount) and measures with `wrk` (installed with apt-get when missing and root; otherwise a
   bounded httpx load generator): warm feed GETs per second, and the same bytes as a static
   file from the same server (the limit);
4. Radicale 3.9 (own venv in bench/.venv-radicale, created here) serving the same calendar
   from its filesystem storage.
Targets (issue #5): warm >= 50 % of static, >= 100 x Radicale, cold render < 300 ms.
Results go to bench/results/ical_feed.json.
"""

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="vuosikello-bench-ical-"))
DB_URL = f"sqlite+aiosqlite:///{WORK}/bench.db"
os.environ["VUOSIKELLO_DATABASE_URL"] = DB_URL
os.environ.setdefault("VUOSIKELLO_ENV", "test")
os.environ.setdefault("VUOSIKELLO_SECRET_KEY", "bench-secret-" + "x" * 40)
# The feed's rate limit still counts every GET, but a load generator must not be refused.
os.environ.setdefault("VUOSIKELLO_FEED_RATE_LIMIT_PER_MINUTE", "1000000000")
RADICALE_VENV = ROOT / "bench" / ".venv-radicale"
WORDS = [
    *("hyvinvointi", "lapset", "nuoret", "perheet", "kunta", "seminaari", "ohjausryhmä"),
    *("työryhmä", "päätös", "arviointi", "lausunto", "valmistelu", "talousarvio"),
    *("suunnitelma", "yhteistyö", "järjestöt", "seurakunta", "koulu"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def text(i: int, n: int) -> str:
    return " ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(n))


async def build(n_events: int, profile: Path | None = None) -> tuple[str, bytes, float]:
    """Populate the database; return the feed token, its bytes and the cold render time."""
    import sqlalchemy as sa

    from app.auth import service as auth_service
    from app.auth.models import Role
    from app.core.db.session import get_database
    from app.events.models import Event
    from app.feeds import service as feeds
    from app.feeds.cache import feed_cache, fragments
    from app.feeds.models import FeedScope, FeedSubscription
    from app.kernel.recurrence import Series, validate_series
    from app.kernel.timefields import zone
    from app.networks.models import Network

    db = get_database()
    async with db.sessionmaker() as session:
        client, _ = await auth_service.create(
            session, name="bench", role=Role.admin, network_ids=[]
        )
        network = Network(name="Benchmark-verkosto")
        session.add(network)
        await session.flush()
        rows = []
        base = datetime(2027, 1, 4, 9, 0)
        has_reminders = "reminders" in Event.__table__.c
        for i in range(n_events):
            start = base + timedelta(days=(i * 37) % 700, hours=i % 8)
            end = start + timedelta(hours=2)
            rrule = "FREQ=YEARLY" if i % 10 == 0 else None
            span_start, span_end = validate_series(
                Series(start=start, end=end, zone=zone("Europe/Helsinki"), rrule=rrule)
            )
            row = {
                "id": uuid.uuid4(),
                "network_id": network.id,
                "uid": uuid.uuid4().hex + "@vuosikello",
                "title": text(i, 5).capitalize(),
                "description": text(i + 1, 40).capitalize() + ".",
                "location": f"Kokoushuone {i % 40}, Kaupungintalo",
                "category": ["Päätöksenteko", "Seminaarit", "Ohjausryhmät", "Arviointi"][i % 4],
                "status": "confirmed",
                "all_day": False,
                "timezone": "Europe/Helsinki",
                "start_local": start,
                "end_local": end,
                "rrule": rrule,
                "exdates": [],
                "span_start": span_start,
                "span_end": span_end,
                "sequence": 0,
                "version": 1,
                "created_at": span_start,
                "updated_at": span_start,
            }
            if has_reminders:
                row["reminders"] = [{"offset": "-P1D", "channels": ["notification"]}]
            rows.append(row)
        await (await session.connection()).execute(sa.insert(Event.__table__), rows)
        token = feeds.new_token()
        session.add(
            FeedSubscription(
                network_id=network.id,
                owner_client_id=client.id,
                scope=FeedScope.network,
                alarms=True,
                token_hash=feeds.hash_token(token),
            )
        )
        await session.commit()

    try:
        from app.kernel.ical.render import clear_caches
    except ImportError:  # before the line caches
        clear_caches = None  # type: ignore[assignment]
    timings, cpu = [], []
    for _ in range(5):
        feed_cache.clear()
        fragments.clear()
        if clear_caches is not None:
            clear_caches()
        async with db.sessionmaker() as session:
            began, began_cpu = time.perf_counter(), time.process_time()
            rendered = await feeds.calendar(session, token)
            timings.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
    if profile is not None:
        import cProfile

        feed_cache.clear()
        fragments.clear()
        if clear_caches is not None:
            clear_caches()
        async with db.sessionmaker() as session:
            with cProfile.Profile() as profiler:
                await feeds.calendar(session, token)
        profiler.dump_stats(profile)
    # One event edited: only its VEVENTs are rendered again (the rest come from fragments).
    changed = []
    for i in range(5):
        async with db.sessionmaker() as session:
            await session.execute(
                sa.update(Event.__table__)
                .where(Event.__table__.c.id == rows[i]["id"])
                .values(version=Event.__table__.c.version + 1, title=f"Muutettu {i}")
            )
            await session.commit()
        async with db.sessionmaker() as session:
            began = time.perf_counter()
            rendered = await feeds.calendar(session, token)
            changed.append(time.perf_counter() - began)
    await db.dispose()
    cold = (min(timings), sorted(timings)[len(timings) // 2], sorted(cpu)[len(cpu) // 2])
    return token, rendered.body, cold, sorted(changed)[len(changed) // 2]


def ensure_wrk() -> str | None:
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True)
    return shutil.which("wrk")


def load(url: str, seconds: int, connections: int) -> float:
    """Requests per second for `url` over `seconds` with `connections` concurrent clients."""
    wrk = ensure_wrk()
    if wrk:
        out = subprocess.run(
            [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        assert errors is None, out
        return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return asyncio.run(_httpx_load(url, seconds, connections))


async def _httpx_load(url: str, seconds: int, connections: int) -> float:
    import httpx

    done = 0
    deadline = time.perf_counter() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            r = await client.get(url)
            assert r.status_code == 200
            done += 1

    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        began = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(connections)))
        return done / (time.perf_counter() - began)


def wait_up(url: str, timeout: float = 60) -> None:
    import httpx

    end = time.time() + timeout
    while time.time() < end:
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def serve_app(static_dir: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "VUOSIKELLO_BENCH_STATIC": str(static_dir), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bench.ical_server:app", "--host", "127.0.0.1",
         "--port", str(port), "--no-access-log", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip


def write_radicale_collection(folder: Path, body: bytes) -> None:
    """The calendar in Radicale's filesystem storage: one file per UID (with the VTIMEZONEs),
    as Radicale itself stores a calendar; much faster than a PUT it would parse item by item."""
    text = body.decode()
    zones = "".join(re.findall(r"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", text, re.S))
    events = re.findall(r"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", text, re.S)
    by_uid: dict[str, list[str]] = {}
    for event in events:
        uid = re.search(r"^UID:(.*)$", event, re.M).group(1).strip()
        by_uid.setdefault(uid, []).append(event)
    folder.mkdir(parents=True)
    (folder / ".Radicale.props").write_text(json.dumps({"tag": "VCALENDAR"}))
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Vuosikello//bench//FI\r\n"
    for n, parts in enumerate(by_uid.values()):
        item = head + zones + "".join(parts) + "END:VCALENDAR\r\n"
        (folder / f"item{n:05d}.ics").write_bytes(item.encode())


def radicale(body: bytes, seconds: int, connections: int) -> dict:
    python = RADICALE_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(RADICALE_VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "radicale==3.9.*"], check=True)
    version = subprocess.run(
        [str(python), "-c", "import radicale; print(radicale.VERSION)"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    storage = WORK / "radicale"
    write_radicale_collection(storage / "collection-root" / "bench" / "wheel", body)
    config = WORK / "radicale.conf"
    port = free_port()
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = none\n"
        f"[storage]\nfilesystem_folder = {storage}\n[logging]\nlevel = warning\n"
        "[rights]\ntype = authenticated\n"
    )
    server = subprocess.Popen([str(python), "-m", "radicale", "--config", str(config)])
    try:
        import httpx

        base = f"http://127.0.0.1:{port}"
        wait_up(base + "/.web/")
        auth = ("bench", "bench")
        url = f"{base}/bench/wheel/"
        # The first GET fills Radicale's item cache; the measured ones come after it.
        first = httpx.get(url, auth=auth, timeout=600)
        assert first.status_code == 200, first.status_code
        assert first.content.count(b"BEGIN:VEVENT") == body.count(b"BEGIN:VEVENT")
        began = time.perf_counter()
        r = httpx.get(url, auth=auth, timeout=600)
        single = time.perf_counter() - began
        assert r.status_code == 200
        # Seconds per GET: wrk would count none finished within its window; this generator
        # lets the requests in flight finish and divides by the real elapsed time.
        authed = url.replace("http://", "http://bench:bench@")
        rps = asyncio.run(_httpx_load(authed, max(seconds, 10), min(connections, 4)))
        return {
            "version": version,
            "single_get_s": round(single, 3),
            "requests_per_s": round(rps, 2),
        }
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--no-radicale", action="store_true")
    parser.add_argument(
        "--cold-only", action="store_true", help="only the cold render figures, no servers"
    )
    parser.add_argument("--profile", type=Path, help="write a cProfile of one cold render here")
    args = parser.parse_args()

    from app.core.db.migrate import upgrade

    upgrade(DB_URL)
    token, body, (cold_best, cold_median, cold_cpu), after_change = asyncio.run(
        build(args.events, args.profile)
    )
    if args.cold_only:
        print(
            f"cold render: {cold_best * 1000:.1f} ms best, {cold_median * 1000:.1f} ms median "
            f"wall, {cold_cpu * 1000:.1f} ms median CPU; after one change "
            f"{after_change * 1000:.1f} ms; {len(body)} bytes"
        )
        return
    static_dir = WORK / "static"
    static_dir.mkdir()
    (static_dir / "wheel.ics").write_bytes(body)
    port = free_port()
    server = serve_app(static_dir, port)
    base = f"http://127.0.0.1:{port}"
    results: dict = {
        "events": args.events,
        "feed_bytes": len(body),
        "vevents": body.count(b"BEGIN:VEVENT"),
        "valarms": body.count(b"BEGIN:VALARM"),
        "cold_render_ms": {"best": round(cold_best * 1000, 1),
                           "median": round(cold_median * 1000, 1),
                           "median_cpu": round(cold_cpu * 1000, 1)},
        "render_after_one_change_ms": round(after_change * 1000, 1),
        "load": {"seconds": args.seconds, "connections": args.connections,
                 "tool": "wrk" if ensure_wrk() else "httpx"},
    }  # fmt: skip
    try:
        wait_up(base + "/healthz")
        import httpx

        feed_url = f"{base}/ical/{token}.ics"
        began = time.perf_counter()
        first = httpx.get(feed_url, timeout=60)
        results["first_http_get_ms"] = round((time.perf_counter() - began) * 1000, 1)
        assert first.content == body, "served feed differs from the rendered one"
        static = httpx.get(f"{base}/static/wheel.ics")
        assert static.content == body
        results["static_requests_per_s"] = load(f"{base}/static/wheel.ics", args.seconds,
                                                args.connections)  # fmt: skip
        results["warm_requests_per_s"] = load(feed_url, args.seconds, args.connections)
    finally:
        server.terminate()
        server.wait(timeout=20)
    out = ROOT / "bench" / "results" / "ical_feed.json"
    out.parent.mkdir(exist_ok=True)
    print(json.dumps(results, indent=2), flush=True)
    if not args.no_radicale:
        results["radicale"] = radicale(body, args.seconds, args.connections)
    warm, static = results["warm_requests_per_s"], results["static_requests_per_s"]
    results["warm_vs_static"] = round(warm / static, 3)
    targets = {"cold_render_under_300ms": results["cold_render_ms"]["median"] < 300,
               "warm_at_least_half_static": warm >= 0.5 * static}  # fmt: skip
    if "radicale" in results:
        results["warm_vs_radicale"] = round(
            warm / max(results["radicale"]["requests_per_s"], 1e-9), 1
        )
        targets["warm_at_least_100x_radicale"] = results["warm_vs_radicale"] >= 100
    results["targets_met"] = targets
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
