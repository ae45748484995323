"""National-scale topology benchmark (not a timed test): the fault test's topology at scale.

    .venv/bin/python bench/national.py --database-url URL [--generate national|medium|small]
        [--seconds 90] [--no-pg-restart]

(URL: a PostgreSQL database of yours, e.g. postgresql+psycopg://postgres@127.0.0.1/bench_x)

From the committed deploy/ files on loopback: nginx → 2 `vuosikello serve` replicas →
PostgreSQL, 2 `vuosikello worker` processes, an SMTP sink and 2 webhook receivers (ports 18081
and 18082, where `vuosikello demo national --webhook-url` points the generated webhooks).
With `--generate` the database's `public` schema is recreated and the synthetic national set
generated first (timed); without, the networks already in the database are used (a partial
set from an interrupted generation too): the benchmark makes its own admin (CLI), and a
coordinator and a network feed for each network (API).

Then every network's coordinator writes (events whose reminders fall due in the run,
renames) and reads (timeline, feed) through nginx for `--seconds`, while one replica and one
worker are SIGKILLed, PostgreSQL is restarted once (`pg_ctlcluster`) and receiver B answers
503 for a while; the clock (VUOSIKELLO_CLOCK_FILE) is then moved past the leases and the
retry. Reported (and written to bench/results/national.json): requests per second and
latency percentiles per operation, each process's peak resident memory (VmHWM; target
< 400 MB), the horizon job's duration, and the fault counts of tests/support/faults.py
(lost writes, duplicated writes, reminders not sent, email redeliveries, webhook
notifications missing, out of order or redelivered).
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("VUOSIKELLO_ENV", "test")
os.environ["VUOSIKELLO_WEBHOOK_ALLOW_PRIVATE_NETWORKS"] = "true"
for _limit in ("RATE_LIMIT", "FEED_RATE_LIMIT", "TOKEN_RATE_LIMIT"):
    os.environ.setdefault(f"VUOSIKELLO_{_limit}_PER_MINUTE", "0")  # the load is one client each

import httpx  # noqa: E402

from tests.support import VUOSIKELLO, Api, reset_database  # noqa: E402
from tests.support.faults import (  # noqa: E402
    deliveries,
    duplicated_events,
    feed_cursor,
    lost_writes,
    notifications_after,
    reminders_due,
)
from tests.support.load import Caller, NetworkLoad, Stats  # noqa: E402
from tests.support.receiver import Receiver  # noqa: E402
from tests.support.smtp import SmtpServer  # noqa: E402
from tests.support.topology import Clock, Topology, restart_postgresql  # noqa: E402

RECEIVER_PORTS = (18081, 18082)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database of yours")
    parser.add_argument("--generate", choices=["small", "medium", "national"], default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--no-pg-restart", action="store_true")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "national.json")
    return parser.parse_args()


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VUOSIKELLO), *args], cwd=ROOT, env={**os.environ, **env},
        capture_output=True, text=True, check=True,
    )  # fmt: skip


async def sample_memory(topology: Topology, stop: asyncio.Event) -> None:
    while not stop.is_set():
        topology.sample()
        await asyncio.sleep(0.5)


async def bootstrap(http: httpx.AsyncClient, env: dict[str, str]) -> tuple[Api, list[dict]]:
    """An admin (the CLI), and for each network a coordinator and a network feed (the API)."""
    created = json.loads(
        cli(
            "clients", "create", "--name", "bench admin", "--role", "admin", "--json", env=env
        ).stdout
    )
    caller = Caller(http, created, Stats())
    await caller.login(time.monotonic() + 60)
    admin = Api(http, caller.token)
    networks, cursor = [], None
    while True:
        params = {"limit": 100, **({"cursor": cursor} if cursor else {})}
        page = (await admin.get("/v1/networks", params=params)).json()
        networks += page["data"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    prepared = []
    for network in networks:
        client = await admin.create(
            "/v1/clients",
            {"name": "bench coordinator", "role": "coordinator", "network_ids": [network["id"]]},
        )
        feed = await admin.create("/v1/feeds", {"scope": "network", "network_id": network["id"]})
        token = feed["url"].rsplit("/", 1)[-1].removesuffix(".ics")
        prepared.append(
            {"id": network["id"], "name": network["name"],
             "coordinator": {"client_id": client["client_id"],
                             "client_secret": client["client_secret"]},
             "feeds": [{"scope": "network", "token": token}]}
        )  # fmt: skip
    return admin, prepared


async def faults(topology: Topology, failing: Receiver, seconds: float, restart: bool) -> list:
    began, happened = time.monotonic(), []

    async def at(share: float, what: str, action) -> None:
        await asyncio.sleep(max(0.0, began + share * seconds - time.monotonic()))
        result = await asyncio.to_thread(action)
        happened.append(f"{time.monotonic() - began:6.1f} s {what}{result or ''}")

    await at(0.10, "receiver B answers 503", lambda: setattr(failing, "default_status", 503))
    await at(0.20, "api1 SIGKILLed", topology.serve[0].kill)
    await at(0.30, "worker1 SIGKILLed", topology.work[0].kill)
    await at(0.40, "api1 restarted", lambda: topology.restart(topology.serve[0]))
    if restart:
        await at(0.50, "PostgreSQL restarted in ", lambda: f"{restart_postgresql():.1f} s")
    await at(0.70, "receiver B answers 200", lambda: setattr(failing, "default_status", 200))
    return happened


async def run(args: argparse.Namespace) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="vuosikello-national-"))
    report: dict = {"logs": str(tmp)}
    with Clock(tmp / "clock.txt") as clock, SmtpServer() as smtp:
        receivers = [await Receiver(port=port).start() for port in RECEIVER_PORTS]
        env = {
            "VUOSIKELLO_DATABASE_URL": args.database_url,
            "VUOSIKELLO_CLOCK_FILE": str(clock.path),
            "VUOSIKELLO_TRUSTED_PROXIES": "127.0.0.1",
            "VUOSIKELLO_SMTP_HOST": "127.0.0.1",
            "VUOSIKELLO_SMTP_PORT": str(smtp.port),
            "VUOSIKELLO_REMINDER_LEASE_SECONDS": "60",
        }
        if args.generate:
            await asyncio.to_thread(reset_database, args.database_url)
            cli("migrate", env=env)
            began = time.monotonic()
            generated = cli(
                "demo", "national", "--seed", str(args.seed), "--scale", args.generate,
                "--webhook-url", receivers[0].url, "--webhook-url", receivers[1].url,
                "--output", str(tmp / "national.json"), env=env,
            )  # fmt: skip
            report["generation"] = json.loads(generated.stdout.splitlines()[-1])
            report["generation"]["wall_seconds"] = round(time.monotonic() - began, 1)
        topology = Topology(tmp, env)
        stop_sampling = asyncio.Event()
        try:
            await asyncio.to_thread(topology.start)
            sampler = asyncio.create_task(sample_memory(topology, stop_sampling))
            async with httpx.AsyncClient(base_url=topology.url, timeout=60) as http:
                report |= await measure(args, topology, clock, smtp, receivers, http, env)
            stop_sampling.set()
            await sampler
        finally:
            topology.sample()
            codes = topology.stop()
            for receiver in receivers:
                await receiver.stop()
    report["exit_codes"] = codes
    report["peak_rss_mb"] = {p.name: round(p.peak_rss_kb / 1024, 1) for p in topology.processes()}
    horizon = [
        line for line in (tmp / "worker2.log").read_text().splitlines()
        if "horizon extended" in line or "horizon started" in line
    ]  # fmt: skip
    report["horizon_log"] = [json.loads(line)["time"] + " " + json.loads(line)["message"]
                             for line in horizon[:4]]  # fmt: skip
    return report


async def measure(args, topology, clock, smtp, receivers, http, env) -> dict:
    admin, networks = await bootstrap(http, env)
    cursors = {n["id"]: await feed_cursor(admin, n["id"]) for n in networks}
    stats = Stats()
    loads = [NetworkLoad(n, Caller(http, n["coordinator"], stats), clock.now) for n in networks]
    for load in loads:
        await load.prepare()
    began = time.monotonic()
    until = began + args.seconds
    happened, *_ = await asyncio.gather(
        faults(topology, receivers[1], args.seconds, not args.no_pg_restart),
        *(load.write_loop(until, pause=0.5) for load in loads),
        *(load.read_loop(until, pause=1.0) for load in loads),
    )
    elapsed = time.monotonic() - began
    clock.jump(timedelta(minutes=3))
    await asyncio.sleep(5)
    clock.jump(timedelta(minutes=6))
    until_due = clock.now() - timedelta(seconds=30)
    drained_at = time.monotonic() + 300
    while True:
        feeds = {n["id"]: await notifications_after(admin, n["id"], cursors[n["id"]])
                 for n in networks}  # fmt: skip
        reminders = await reminders_due(admin, [n["id"] for n in networks], until_due,
                                        smtp.mailbox, feeds)  # fmt: skip
        endpoints = [deliveries(r, n["id"], feeds[n["id"]]) for n in networks for r in receivers]
        if (not reminders.not_sent and not any(e.missing for e in endpoints)) or (
            time.monotonic() > drained_at
        ):
            break
        await asyncio.sleep(2)
    drain_seconds = time.monotonic() - (began + elapsed)
    # Reminders due in the grace window before the run were sent when the workers started,
    # before the cursors above: their reminder.due notifications are looked for from the
    # start of each network's feed.
    whole = {n["id"]: await notifications_after(admin, n["id"], None) for n in networks}
    reminders = await reminders_due(admin, [n["id"] for n in networks], until_due,
                                    smtp.mailbox, whole)  # fmt: skip
    acknowledged = {p: t for load in loads for p, t in load.acknowledged.items()}
    duplicated = [d for n in networks for d in await duplicated_events(admin, n["id"])]
    endpoints = [e for e in endpoints if e.expected]
    return {
        "networks": len(networks),
        "faults_injected": happened,
        "load_seconds": round(elapsed, 1),
        "drain_seconds": round(drain_seconds, 1),
        "load": stats.summary(elapsed),
        "faults_found": {
            "lost_writes": len(await lost_writes(admin, acknowledged)),
            "acknowledged_writes": len(acknowledged),
            "duplicated_writes": len(duplicated),
            "reminders_due": reminders.due,
            "reminders_not_sent": len(reminders.not_sent),
            "emails": reminders.emails,
            "email_redeliveries": reminders.email_redeliveries,
            "reminder_notifications_missing_or_twice": len(reminders.notifications_missing)
            + len(reminders.notified_twice),
            "webhook_endpoints": len(endpoints),
            "webhook_notifications_expected": sum(e.expected for e in endpoints),
            "webhook_missing": sum(len(e.missing) for e in endpoints),
            "webhook_out_of_order": sum(1 for e in endpoints if e.out_of_order),
            "webhook_redelivered_same_id": sum(e.redelivered for e in endpoints),
            "webhook_redelivered_changed": sum(len(e.changed_redeliveries) for e in endpoints),
        },
    }


def main() -> None:
    args = parse_args()
    report = asyncio.run(run(args))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
