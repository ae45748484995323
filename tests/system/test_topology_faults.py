"""The production topology under faults, from the committed deploy/ files on loopback:
nginx → 2 `vuosikello serve` replicas → PostgreSQL, 2 `vuosikello worker` processes, a real
SMTP server and 2 webhook receivers, all on one controllable clock (VUOSIKELLO_CLOCK_FILE).

The small synthetic national set (`vuosikello demo national --scale small`, every network with
a webhook to each receiver) is loaded, then coordinators write (events whose email and
notification reminders fall due within the run, renames) and read (timeline, iCal feeds)
through nginx while one replica and one worker are SIGKILLed, PostgreSQL is restarted once
(`pg_ctlcluster`) and one receiver answers 503 for a while. Afterwards the clock is moved on
(past the killed worker's leases and the failing endpoint's retry) and the run must show:
- every acknowledged write is there, and no retried write was applied twice;
- every reminder due in the run sent exactly once (recorded sent, one reminder.due
  notification, an email to each recipient), none left unsent; email is at-least-once
  across an interruption between the SMTP server's 250 and its commit, at most one resend
  per interrupted worker, with the same X-Vuosikello-Reminder;
- each endpoint got every notification of its network exactly once, in commit order, apart
  from at-least-once redeliveries, which carry the same webhook-id and body;
- the audit chain verifies (`vuosikello audit verify`);
- each network's feed holds exactly the timeline's event occurrences;
- the surviving processes stop cleanly on SIGTERM.
"""

import asyncio
import json
import shutil
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from tests.support import BACKEND, DATABASE_URL, Api
from tests.support.cli import run_cli
from tests.support.faults import (
    Reminders,
    deliveries,
    duplicated_events,
    feed_cursor,
    feed_differences,
    lost_writes,
    notifications_after,
    reminders_due,
)
from tests.support.load import Caller, NetworkLoad, Stats
from tests.support.receiver import Receiver
from tests.support.secret_grep import REGISTRY
from tests.support.smtp import SmtpServer
from tests.support.topology import NGINX, Clock, Topology, restart_postgresql

pytestmark = [
    pytest.mark.system,
    pytest.mark.skipif(
        BACKEND != "postgresql",
        reason="PostgreSQL only: the replicas and workers share one PostgreSQL server, and "
        "the test restarts it (pg_ctlcluster); SQLite is one file of one host",
    ),
    pytest.mark.skipif(
        not (shutil.which("pg_ctlcluster") and Path(NGINX).exists()),
        reason="needs Debian's pg_ctlcluster and nginx (tests/run.sh installs nginx in CI)",
    ),
]

LOAD_SECONDS = 36
EMAIL_REDELIVERIES_AT_MOST = 2  # one per interruption of a worker: the SIGKILL, the restart
# Seconds into the load: each fault once.
FAILING_FROM, KILL_REPLICA, KILL_WORKER, REPLICA_BACK, RESTART_DB, FAILING_UNTIL = (
    5, 9, 12, 16, 20, 28,
)  # fmt: skip


def env_for(clock: Clock, smtp: SmtpServer) -> dict[str, str]:
    return {
        "VUOSIKELLO_DATABASE_URL": DATABASE_URL,
        "VUOSIKELLO_CLOCK_FILE": str(clock.path),
        "VUOSIKELLO_TRUSTED_PROXIES": "127.0.0.1",
        "VUOSIKELLO_WEBHOOK_ALLOW_PRIVATE_NETWORKS": "true",
        "VUOSIKELLO_SMTP_HOST": "127.0.0.1",
        "VUOSIKELLO_SMTP_PORT": str(smtp.port),
        "VUOSIKELLO_REMINDER_TICK_SECONDS": "0.3",
        # A killed worker's claims end a minute later on the shared clock, which the test
        # moves on after the load.
        "VUOSIKELLO_REMINDER_LEASE_SECONDS": "60",
        "VUOSIKELLO_REMINDER_RETRY_SECONDS": "30",
        "VUOSIKELLO_SMTP_TIMEOUT_SECONDS": "5",
    }


async def faults(topology: Topology, failing: Receiver, began: float, log: list[str]) -> None:
    """Each fault at its second of the load; `log` says what happened when."""

    async def at(second: float) -> None:
        await asyncio.sleep(max(0.0, began + second - time.monotonic()))

    def note(text: str) -> None:
        log.append(f"{time.monotonic() - began:5.1f} s {text}")

    await at(FAILING_FROM)
    failing.default_status = 503
    note("receiver B answers 503")
    await at(KILL_REPLICA)
    topology.serve[0].kill()
    note("api1 SIGKILLed")
    await at(KILL_WORKER)
    topology.work[0].kill()
    note("worker1 SIGKILLed")
    await at(REPLICA_BACK)
    await asyncio.to_thread(topology.restart, topology.serve[0])
    note("api1 restarted")
    await at(RESTART_DB)
    took = await asyncio.to_thread(restart_postgresql)
    note(f"PostgreSQL restarted ({took:.1f} s)")
    await at(FAILING_UNTIL)
    failing.default_status = 200
    note("receiver B answers 200 again")


async def test_topology_under_faults_loses_nothing_and_duplicates_nothing(tmp_path: Path):
    with Clock(tmp_path / "clock.txt") as clock, SmtpServer() as smtp:
        receivers = [await Receiver().start(), await Receiver().start()]
        env = env_for(clock, smtp)
        generated = run_cli(
            "demo", "national", "--seed", "1", "--scale", "small",
            "--webhook-url", receivers[0].url, "--webhook-url", receivers[1].url,
            "--output", str(tmp_path / "national.json"), env=env,
        )  # fmt: skip
        assert generated.returncode == 0, generated.stderr
        national = json.loads((tmp_path / "national.json").read_text())
        REGISTRY.harvest(national)  # its secrets and tokens, for the suite's secret grep
        networks = national["networks"]
        assert len(networks) == 3 and all(len(n["webhooks"]) == 2 for n in networks)

        topology = Topology(tmp_path, env)
        try:
            await asyncio.to_thread(topology.start)
            await run_and_check(topology, clock, smtp, receivers, national, tmp_path)
        finally:
            codes = topology.stop()
            for receiver in receivers:
                await receiver.stop()
    # The processes that were not killed stop cleanly on SIGTERM (uvicorn re-raises the
    # signal after its graceful shutdown: -15 once the application has shut down).
    assert codes["worker2"] == 0, codes
    for replica in topology.serve:
        assert codes[replica.name] in (0, -15), codes
        tail = replica.log.read_text().splitlines()[-3:]
        assert any("Application shutdown complete" in line for line in tail), tail


async def run_and_check(
    topology: Topology, clock: Clock, smtp: SmtpServer, receivers: list[Receiver],
    national: dict, tmp_path: Path,
) -> None:  # fmt: skip
    networks = national["networks"]
    timeout = httpx.Timeout(30.0)
    async with httpx.AsyncClient(base_url=topology.url, timeout=timeout) as http:
        admin_caller = Caller(http, national["admin"], Stats())
        await admin_caller.login(time.monotonic() + 60)
        admin = Api(http, admin_caller.token)
        cursors = {n["id"]: await feed_cursor(admin, n["id"]) for n in networks}

        stats = Stats()
        loads = [NetworkLoad(n, Caller(http, n["coordinator"], stats), clock.now) for n in networks]
        for load in loads:
            await load.prepare()
        began = time.monotonic()
        until = began + LOAD_SECONDS
        happened: list[str] = []
        await asyncio.gather(
            faults(topology, receivers[1], began, happened),
            *(load.write_loop(until, pause=0.25) for load in loads),
            *(load.read_loop(until, pause=0.4) for load in loads),
        )
        summary = stats.summary(time.monotonic() - began)
        print(json.dumps({"faults": happened, "load": summary}, indent=1))

        # Past the killed worker's leases (60 s for reminders, 2 min for webhook endpoints)
        # and every load reminder's due time; then past the failing endpoint's 5 min retry.
        clock.jump(timedelta(minutes=3))
        await asyncio.sleep(5)
        clock.jump(timedelta(minutes=6))
        until_due = clock.now() - timedelta(seconds=30)

        async def settled() -> tuple[Reminders, dict]:
            feeds = {n["id"]: await notifications_after(admin, n["id"], cursors[n["id"]])
                     for n in networks}  # fmt: skip
            reminders = await reminders_due(
                admin, [n["id"] for n in networks], until_due, smtp.mailbox, feeds
            )
            endpoints = {
                (n["name"], index): deliveries(receiver, n["id"], feeds[n["id"]])
                for n in networks
                for index, receiver in enumerate(receivers)
            }
            return reminders, endpoints

        deadline = time.monotonic() + 90
        while True:
            reminders, endpoints = await settled()
            if not reminders.not_sent and not any(e.missing for e in endpoints.values()):
                break
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(1)
        await asyncio.sleep(2)  # a duplicate, if there were one, would arrive now
        reminders, endpoints = await settled()
        report = {
            "reminders": {"due": reminders.due, "sent": reminders.sent, "emails": reminders.emails,
                          "email_redeliveries": reminders.emailed_twice},
            "endpoints": {
                f"{name} #{index}": {"expected": e.expected, "delivered": e.delivered,
                                      "redelivered": e.redelivered}
                for (name, index), e in endpoints.items()
            },
        }  # fmt: skip
        print(json.dumps(report, indent=1))

        # The faults happened and the load went on through them.
        assert len(happened) == 6, happened
        assert topology.serve[0].killed == 1 and topology.work[0].killed == 1
        assert sum(1 for e in endpoints.values() if e.expected) == 2 * len(networks)
        failed = [r for r in receivers[1].received if r.status >= 500]
        assert failed, "the failing receiver was never called while failing"

        acknowledged = {p: t for load in loads for p, t in load.acknowledged.items()}
        assert len(acknowledged) > 30, summary
        assert await lost_writes(admin, acknowledged) == []
        for network in networks:
            assert await duplicated_events(admin, network["id"]) == []

        assert reminders.due >= 20, report  # the load's reminders fell due in the run
        assert reminders.faults == [], reminders.faults
        # Email is at-least-once across a crash: a worker killed, or cut off from PostgreSQL,
        # between the SMTP server's 250 and the commit that records it sends that message
        # again (same X-Vuosikello-Reminder). One send is in flight per worker at a time, so
        # the two interruptions of this run (a SIGKILL, a restart) give at most two.
        assert reminders.email_redeliveries <= EMAIL_REDELIVERIES_AT_MOST, reminders.emailed_twice

        for key, endpoint in endpoints.items():
            assert endpoint.faults == [], (key, endpoint.faults)

        verified = run_cli("audit", "verify")
        assert verified.returncode == 0, verified.stdout + verified.stderr

        today = clock.now().date()
        window = (today.isoformat(), (today + timedelta(days=120)).isoformat())
        for network in networks:
            token = next(f["token"] for f in network["feeds"] if f["scope"] == "network")
            assert await feed_differences(admin, http, network["id"], token, *window) == []
    (tmp_path / "report.json").write_text(json.dumps({**report, "load": summary}, indent=1))
