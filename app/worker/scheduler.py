"""The worker: APScheduler 3.11 `AsyncIOScheduler` ticking short interval jobs.

APScheduler only ticks; the reminders themselves are rows (docs/architecture.md), so any number of
workers can run and a restart loses nothing.
"""

import asyncio
import logging
import signal
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from prometheus_client import start_http_server

from app.core import jsonlog, logs, metrics
from app.core.config import Settings, get_settings
from app.core.db.session import Database, get_database
from app.reminders.dispatcher import Dispatcher
from app.webhooks.dispatcher import Dispatcher as WebhookDispatcher
from app.worker import jobs

log = logging.getLogger("vuosikello.worker")
# Within systemd's and the test's 10 s: what a horizon chunk may take to commit on SIGTERM.
STOP_GRACE_SECONDS = 8


class Worker:
    def __init__(self, database: Database | None = None, settings: Settings | None = None):
        self.settings = settings or get_settings()
        self.database = database or get_database()
        self.dispatcher = Dispatcher(self.database, self.settings)
        self.webhooks = WebhookDispatcher(self.database)
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        # Set by stop(): the horizon job ends after its current chunk (a short transaction).
        self.stopping = False
        self._horizon_idle = asyncio.Event()
        self._horizon_idle.set()
        self._dispatch_idle = asyncio.Event()
        self._dispatch_idle.set()

    async def dispatch(self) -> None:
        self._dispatch_idle.clear()
        try:
            handled = await self.dispatcher.drain()
        finally:
            self._dispatch_idle.set()
        if handled:
            log.info("reminders handled: %d", handled)

    async def deliver_webhooks(self) -> None:
        # Drain while there is work; the next tick comes 0.2 s after an idle round.
        while await self.webhooks.tick():
            pass

    async def overdue(self) -> None:
        await jobs.overdue_tasks(self.database)

    async def horizon(self) -> None:
        self._horizon_idle.clear()
        try:
            log.info("horizon started")
            with metrics.HORIZON_SECONDS.time():
                count = await jobs.extend_horizon(
                    self.database, lambda: self.stopping, self.settings.horizon_chunk
                )
        finally:
            self._horizon_idle.set()
        log.info("horizon extended for %d items", count)

    async def cleanup(self) -> None:
        await jobs.cleanup(self.database, self.settings)

    async def indicators(self) -> None:
        await jobs.refresh_indicators(self.database, self.settings)

    def job_table(self) -> list[tuple[str, float, object]]:
        """(id, interval seconds, function): also what `vuosikello worker --list` prints."""
        s = self.settings
        return [
            ("reminders.dispatch", s.reminder_tick_seconds, self.dispatch),
            ("webhooks.deliver", s.webhook_tick_seconds, self.deliver_webhooks),
            ("tasks.overdue", 30.0, self.overdue),
            ("reminders.horizon", float(s.horizon_interval_seconds), self.horizon),
            ("cleanup", float(s.cleanup_interval_seconds), self.cleanup),
            ("indicators.refresh", float(s.sotkanet_refresh_interval_seconds), self.indicators),
        ]

    def start(self, only: tuple[str, ...] | None = None) -> None:
        now = datetime.now(UTC)
        for job_id, seconds, function in self.job_table():
            if only is not None and job_id not in only:
                continue
            self.scheduler.add_job(
                function,
                "interval",
                seconds=seconds,
                id=job_id,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=None,
                next_run_time=now,
            )
        self.scheduler.start()
        log.info("worker %s started", self.dispatcher.worker_id)

    async def stop(self) -> None:
        self.stopping = True
        self.dispatcher.stopping = True
        # No new runs; the running ones end before the shutdown, which would cancel them: a
        # dispatch run lets the email in flight finish and records it (cancelled after the
        # server accepted it, it would go again after the restart), and a horizon run commits
        # its current chunk and returns. Both get the same grace at once: a slow horizon
        # chunk must not use up the time the email's record needs.
        self.scheduler.pause()
        idle = [asyncio.ensure_future(e.wait()) for e in (self._dispatch_idle, self._horizon_idle)]
        _, running = await asyncio.wait(idle, timeout=STOP_GRACE_SECONDS)
        for waiter in running:
            waiter.cancel()
        if running:
            log.warning("a job still running after %d s: abandoned", STOP_GRACE_SECONDS)
        self.scheduler.shutdown(wait=False)
        await self.dispatcher.dispose()
        await self.webhooks.close()


async def run() -> None:
    """`vuosikello worker`: run the jobs until SIGTERM or SIGINT."""
    if get_settings().log_format == "json":
        jsonlog.configure()
    else:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # httpx logs every webhook delivery's URL, which may hold the receiver's secret.
    logs.install()
    # One line per tick would drown what matters.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    worker = Worker()
    if worker.settings.worker_metrics_port:
        # The worker's own families (horizon duration, its pool); the shared ones are the API's.
        start_http_server(worker.settings.worker_metrics_port, addr="127.0.0.1")
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopped.set)
    worker.start()
    await stopped.wait()
    await worker.stop()
    await worker.database.dispose()
