"""Cached reads that are never stale: a view's JSON bytes kept per process, valid while the
change stamps of the networks it shows are those it was built under.

Every change that can alter what a network shows bumps its stamp in the same transaction
(app/core/stamps.py), so a view built after reading a stamp is current exactly as long as
that stamp has not moved. Reading the stamps costs no session:

- SQLite: a primary-key lookup on the process's plain `sqlite3` connection (microseconds,
  app/core/db/lookup.py);
- PostgreSQL: the process's stamp mirror (app/core/db/mirror.py) when it may be trusted,
  otherwise the same lookup over the autocommit pool.

A builder reads the stamps *before* it loads what it shows: a change that commits between the
two leaves the entry under the older stamp, which the next read finds moved.
"""

import uuid
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from pydantic import TypeAdapter
from starlette.responses import Response

from app.core import stamps
from app.core.db.lookup import UNKNOWN
from app.core.db.mirror import MISSING
from app.core.db.session import get_database

STAMP = sa.select(stamps.TABLE.c.stamp).where(stamps.TABLE.c.scope_id == sa.bindparam("scope_id"))
Stamps = tuple[int | None, ...]


async def current(scopes: Sequence[uuid.UUID]) -> Stamps | None:
    """The scopes' committed stamps (None for one never bumped); None when they cannot be
    read outside a session (the caller then reads the usual way)."""
    database = get_database()
    mirror = database.mirror
    values: list[int | None] = []
    for scope in scopes:
        value = MISSING if mirror is None else mirror.get(scope)
        if value is MISSING:
            generation = 0 if mirror is None else mirror.generation
            row = await database.lookups.one(STAMP, {"scope_id": scope})
            if row is UNKNOWN:
                return None
            value = None if row is None else row[0]
            if mirror is not None:
                mirror.learn(scope, value, generation)
        values.append(value)
    return tuple(values)


@dataclass(frozen=True, slots=True)
class View:
    """A read's answer: its body and ETag, and the networks and stamps it was built under."""

    scopes: tuple[uuid.UUID, ...]
    stamps: Stamps
    body: bytes
    etag: str | None = None


class ViewCache:
    """Views by key (an object id, a list's query), at most `size` of them."""

    def __init__(self, size: int = 4096) -> None:
        self._views: dict[Hashable, View] = {}
        self._size = size

    async def fresh(self, key: Hashable) -> View | None:
        """The cached view if the stamps it was built under are still current."""
        view = self._views.get(key)
        if view is None or not await self.still_fresh(key, view):
            return None
        return view

    def peek(self, key: Hashable) -> View | None:
        """The cached view, fresh or not (check with `still_fresh` before answering it)."""
        return self._views.get(key)

    async def still_fresh(self, key: Hashable, view: View) -> bool:
        if await current(view.scopes) == view.stamps:
            return True
        if self._views.get(key) is view:
            del self._views[key]
        return False

    def put(self, key: Hashable, view: View) -> None:
        if len(self._views) >= self._size:
            self._views.pop(next(iter(self._views)))  # the oldest
        self._views[key] = view

    def clear(self) -> None:
        self._views.clear()

    async def build(
        self,
        key: Hashable,
        scopes: tuple[uuid.UUID, ...],
        make: Callable[[], Awaitable[tuple[bytes, str | None]]],
    ) -> View:
        """Build the view (the stamps first, then what it shows) and keep it."""
        before = await current(scopes)
        body, etag = await make()
        view = View(scopes, before or (), body, etag)
        if before is not None:
            self.put(key, view)
        return view


def dump(adapter: TypeAdapter[Any], value: Any) -> bytes:
    """The JSON FastAPI would send for `value` with this response model: validated from
    attributes, dumped by alias."""
    return adapter.dump_json(adapter.validate_python(value, from_attributes=True), by_alias=True)


def answer_with(view: View, headers: list[tuple[bytes, bytes]]) -> Response:
    """`answer` with the dependencies' headers given as raw pairs."""
    sent = Response(view.body, media_type="application/json")
    sent.headers.raw.extend(headers)
    if view.etag is not None:
        sent.headers.raw.append((b"etag", view.etag.encode()))
    return sent


def answer(view: View, response: Response) -> Response:
    """The view as FastAPI would answer it: JSON, the ETag, then the headers the request's
    dependencies set on `response` (rate limits)."""
    if view.etag is not None:
        response.headers["ETag"] = view.etag
    sent = Response(view.body, media_type="application/json")
    sent.headers.raw.extend(response.headers.raw)
    return sent


def _forget(scopes: frozenset[uuid.UUID]) -> None:
    # This process's own commit: its mirror must not answer for these scopes until it has
    # learnt their new values (the notification may still be on its way).
    mirror = get_database().mirror
    if mirror is not None:
        mirror.forget(scopes)


stamps.on_committed(_forget)
