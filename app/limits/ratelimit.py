"""Fixed-window rate limits per API client, per feed token and on the token endpoint.

Every request is counted in process memory, so checking a limit never waits for the
database. On PostgreSQL the replicas share one count per key and window: a process adds
its unreported hits to a `rate_limit_windows` row with one
``INSERT ... ON CONFLICT DO UPDATE ... RETURNING count`` for all its keys at once, at most
every `VUOSIKELLO_RATE_LIMIT_SYNC_SECONDS` (sooner when a key spends a tenth of its limit
locally), in a background task, and learns the total from the answer. A replica may so
let through what the others allowed within one synchronisation interval: the limit is a
guard against abuse, not an exact quota. The embedded SQLite server is one process and
counts in memory only.

Windows are fixed minutes (aligned to the epoch), so `Retry-After` is the seconds to the
window's end. Headers follow draft-ietf-httpapi-ratelimit-headers: `RateLimit-Policy`
(`"client";q=600;w=60`) and `RateLimit` (`"client";r=42;t=17`).
"""

import asyncio
import logging
import math
import time
from dataclasses import dataclass

from sqlalchemy.dialects.postgresql import insert

from app.core.config import get_settings
from app.core.db.base import table_of
from app.core.db.session import get_database
from app.core.errors import TooManyRequests
from app.limits import cost
from app.limits.models import RateLimitWindow

log = logging.getLogger("vuosikello.limits")

WINDOW_SECONDS = 60


@dataclass
class _Window:
    local: int = 0  # hits allowed here and not yet added to the shared row
    shared: int = 0  # the shared total as last learned (includes what we reported)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    policy: str
    limit: int
    remaining: int
    reset_seconds: int

    def headers(self) -> dict[str, str]:
        headers = {
            "RateLimit-Policy": f'"{self.policy}";q={self.limit};w={WINDOW_SECONDS}',
            "RateLimit": f'"{self.policy}";r={self.remaining};t={self.reset_seconds}',
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.reset_seconds)
        return headers


class RateLimiter:
    """Counts hits per (key, window) in memory; on PostgreSQL shares them in batches."""

    def __init__(self) -> None:
        self._windows: dict[tuple[str, int], _Window] = {}
        self._current_start = 0
        self._last_sync = 0.0
        self._sync_task: asyncio.Task[None] | None = None

    def hit(self, key: str, limit: int, policy: str, now: float | None = None) -> Decision:
        """Count one request for `key` unless the window's budget is spent."""
        now = time.time() if now is None else now
        start = int(now) - int(now) % WINDOW_SECONDS
        if start != self._current_start:
            self._forget_before(start - WINDOW_SECONDS)
            self._current_start = start
        window = self._windows.get((key, start))
        if window is None:
            window = self._windows[(key, start)] = _Window()
        reset = max(1, math.ceil(start + WINDOW_SECONDS - now))
        used = window.shared + window.local
        if used >= limit:
            return Decision(False, policy, limit, 0, reset)
        window.local += 1
        if not get_settings().is_sqlite:
            self._maybe_sync(window.local >= max(1, limit // 10))
        return Decision(True, policy, limit, limit - used - 1, reset)

    def spend(self, key: str, tokens: int, limit: int) -> None:
        """Count `tokens` more requests for `key` in this window (a costly write's rows)."""
        now = time.time()
        start = int(now) - int(now) % WINDOW_SECONDS
        window = self._windows.setdefault((key, start), _Window())
        window.local += tokens
        if not get_settings().is_sqlite:
            self._maybe_sync(window.local >= max(1, limit // 10))

    def exhausted(self, key: str, limit: int, policy: str) -> Decision | None:
        """The refusal, if `key` has already spent this window's budget; counts nothing."""
        now = time.time()
        start = int(now) - int(now) % WINDOW_SECONDS
        window = self._windows.get((key, start))
        if window is None or window.shared + window.local < limit:
            return None
        return Decision(False, policy, limit, 0, max(1, math.ceil(start + WINDOW_SECONDS - now)))

    def _forget_before(self, start: int) -> None:
        # Old windows go once reported (or at once in memory-only mode).
        shared = not get_settings().is_sqlite
        for key in [k for k, w in self._windows.items() if k[1] < start]:
            if not (shared and self._windows[key].local):
                del self._windows[key]

    def _maybe_sync(self, urgent: bool) -> None:
        if self._sync_task is not None and not self._sync_task.done():
            return
        interval = get_settings().rate_limit_sync_seconds
        if urgent or time.monotonic() - self._last_sync >= interval:
            self._last_sync = time.monotonic()
            self._sync_task = asyncio.get_running_loop().create_task(self.sync())

    async def sync(self) -> None:
        """Add local counts to the shared rows and learn the totals (PostgreSQL)."""
        pending = {k: w.local for k, w in self._windows.items() if w.local}
        if not pending:
            return
        table = table_of(RateLimitWindow)
        # Sorted: replicas lock rows in one order, so two syncs cannot deadlock.
        rows_in = insert(table).values(
            [{"key": k, "window_start": s, "count": n} for (k, s), n in sorted(pending.items())]
        )
        statement = rows_in.on_conflict_do_update(
            index_elements=["key", "window_start"],
            set_={"count": table.c.count + rows_in.excluded.count},
        ).returning(table.c.key, table.c.window_start, table.c.count)
        try:
            async with get_database().engine.begin() as connection:
                rows = (await connection.execute(statement)).all()
        except Exception as exc:  # the database is away: keep counting here, report later
            # The class only: the statement's parameters name clients.
            log.warning("rate limit counts could not be shared (%s); retrying", type(exc).__name__)
            return
        for key, start, count in rows:
            window = self._windows.get((key, start))
            if window is not None:
                window.local -= pending[(key, start)]
                window.shared = count
        for key in [
            k for k, w in self._windows.items() if k[1] < self._current_start - WINDOW_SECONDS
        ]:
            if not self._windows[key].local:
                del self._windows[key]

    async def close(self) -> None:
        """Report what is left (at shutdown)."""
        if self._sync_task is not None:
            await asyncio.gather(self._sync_task, return_exceptions=True)
        if not get_settings().is_sqlite:
            await self.sync()


limiter = RateLimiter()


def _refuse(decision: Decision) -> TooManyRequests:
    return TooManyRequests(
        f"More than {decision.limit} requests a minute ({decision.policy} limit); "
        f"retry after {decision.reset_seconds} s",
        headers=decision.headers(),
    )


def check(key: str, limit: int, policy: str) -> Decision | None:
    """Count a request; raise 429 when over the limit. None when the limit is off (0)."""
    if limit <= 0:
        return None
    decision = limiter.hit(key, limit, policy)
    if not decision.allowed:
        raise _refuse(decision)
    if policy == "client" and (running := cost.current()) is not None:
        running.client_key, running.limit = key, limit
    return decision


def charge_rows(spent: cost.Cost) -> None:
    """After a request: its written rows cost the client more requests of its budget
    (`VUOSIKELLO_RATE_LIMIT_ROWS_PER_REQUEST` rows each), so writes that materialise
    thousands of rows cannot run at the request rate."""
    per_request = get_settings().rate_limit_rows_per_request
    if spent.client_key is None or spent.limit <= 0 or per_request <= 0:
        return
    tokens = spent.written // per_request
    if tokens:
        limiter.spend(spent.client_key, tokens, spent.limit)


def check_spent(key: str, limit: int, policy: str) -> None:
    """Raise 429 if `key` is over its limit already, without counting (or tracking) it: for
    keys a caller may invent, counted with `check` only once they prove real."""
    if limit > 0 and (decision := limiter.exhausted(key, limit, policy)) is not None:
        raise _refuse(decision)
