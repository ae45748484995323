"""The hash chain, pure: each entry's hash covers its canonical JSON and the previous hash."""

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
CHAINED_FIELDS = (
    "seq",
    "id",
    "occurred_at",
    "actor",
    "actor_client_id",
    "role",
    "ip",
    "user_agent",
    "request_id",
    "action",
    "resource_type",
    "resource_id",
    "subject",
    "network_id",
    "fields",
    "prev_hash",
)


def _canonical_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, list | tuple):
        return [_canonical_value(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)  # UUIDs


def canonical(entry: Mapping[str, Any]) -> bytes:
    """The bytes that are hashed: sorted keys, no whitespace, UTF-8."""
    body = {name: _canonical_value(entry.get(name)) for name in CHAINED_FIELDS}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(entry: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


class ChainVerifier:
    """Feed entries in seq order; `broken_at` is the seq of the first one that does not chain
    (edited, removed, inserted or reordered), or None while the chain holds."""

    def __init__(self) -> None:
        self.prev_hash = GENESIS
        self.next_seq = 1
        self.count = 0
        self.broken_at: int | None = None

    def feed(self, entry: Mapping[str, Any]) -> bool:
        if self.broken_at is not None:
            return False
        if entry["seq"] != self.next_seq:
            self.broken_at = min(entry["seq"], self.next_seq)  # a row is missing or extra
        elif entry["prev_hash"] != self.prev_hash or entry_hash(entry) != entry["hash"]:
            self.broken_at = entry["seq"]
        else:
            self.prev_hash = entry["hash"]
            self.next_seq += 1
            self.count += 1
        return self.broken_at is None


def first_break(entries: Iterable[Mapping[str, Any]]) -> int | None:
    verifier = ChainVerifier()
    for entry in entries:
        if not verifier.feed(entry):
            break
    return verifier.broken_at
