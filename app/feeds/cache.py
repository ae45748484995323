"""Rendered feeds in memory, keyed by token hash and checked by fingerprint on every GET.

The fingerprint (the feed's version and its network's change stamp, app/core/stamps.py)
decides freshness with one primary-key lookup: a stale entry is simply re-rendered. Each
process (replica) has its own cache; they agree because they ask the same database. The ETag
is the body's hash, so every replica gives the same bytes the same ETag, and a re-render that
changed nothing (another group's event changed the network's stamp) keeps ETag and
Last-Modified: clients revalidate with a 304.
"""

import asyncio
import gzip
import hashlib
import uuid
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from app.feeds.models import FeedSubscription

MAX_BYTES = 256 * 1024 * 1024
MAX_FRAGMENTS = 100_000  # about 1 kB each


@dataclass
class Rendered:
    feed: FeedSubscription
    fingerprint: tuple[Any, ...]
    body: bytes
    etag: str
    last_modified: datetime
    _gzipped: bytes | None = field(default=None, repr=False)

    @property
    def gzipped(self) -> bytes:
        if self._gzipped is None:
            # mtime=0: the same feed compresses to the same bytes.
            self._gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzipped

    @property
    def size(self) -> int:
        return len(self.body) + len(self._gzipped or b"")


class FeedCache:
    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, Rendered] = OrderedDict()
        self._locks: dict[uuid.UUID, asyncio.Lock] = {}

    def by_token(self, token_hash: str) -> Rendered | None:
        entry = self._entries.get(token_hash)
        if entry is not None:
            self._entries.move_to_end(token_hash)
        return entry

    def lock(self, feed_id: uuid.UUID) -> asyncio.Lock:
        # One render per feed at a time: a burst of cold GETs waits for the first.
        return self._locks.setdefault(feed_id, asyncio.Lock())

    def put(
        self,
        feed: FeedSubscription,
        token_hash: str,
        fingerprint: tuple[Any, ...],
        body: bytes,
        changed_at: datetime | None,
    ) -> Rendered:
        previous = self._entries.get(token_hash)
        if previous is not None and previous.body == body:
            entry = replace(previous, feed=feed, fingerprint=fingerprint)
        else:
            etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
            stamps = [feed.updated_at] + ([changed_at] if changed_at is not None else [])
            modified = max(stamps).astimezone(UTC).replace(microsecond=0)
            entry = Rendered(feed, fingerprint, body, etag, modified)
        self._entries[token_hash] = entry
        self._entries.move_to_end(token_hash)
        while (
            sum(e.size for e in self._entries.values()) > self.max_bytes and len(self._entries) > 1
        ):
            self._entries.popitem(last=False)
        return entry

    def drop(self, feed_id: uuid.UUID) -> None:
        for key in [k for k, e in self._entries.items() if e.feed.id == feed_id]:
            del self._entries[key]
        self._locks.pop(feed_id, None)

    def clear(self) -> None:
        self._entries.clear()
        self._locks.clear()


class Fragments(OrderedDict[Hashable, str]):
    """Rendered VEVENTs by item key (row id + versions), least recently used dropped first."""

    def __init__(self, max_items: int = MAX_FRAGMENTS) -> None:
        super().__init__()
        self.max_items = max_items

    def __getitem__(self, key: Hashable) -> str:
        value = super().__getitem__(key)
        self.move_to_end(key)
        return value

    # dict's overloads of get and update in one signature each (values are always text)
    def get(self, key: Hashable, default: str | None = None) -> str | None:  # type: ignore[override]
        # No KeyError on a miss: a cold render misses 5,000 times.
        value = super().get(key)  # never None when present: values are text
        if value is None:
            return default
        self.move_to_end(key)
        return value

    def __setitem__(self, key: Hashable, value: str) -> None:
        super().__setitem__(key, value)
        if len(self) > self.max_items:
            self.popitem(last=False)

    def update(  # type: ignore[override]
        self, other: Mapping[Hashable, str] | Iterable[tuple[Hashable, str]] = (), /, **kwargs: str
    ) -> None:
        """Many at once (a render's new VEVENTs), trimmed once at the end."""
        store = super().__setitem__
        for key, value in dict(other, **kwargs).items():
            store(key, value)
        while len(self) > self.max_items:
            self.popitem(last=False)


feed_cache = FeedCache()
fragments = Fragments()
