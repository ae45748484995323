"""Which reminder rows an item should have inside the horizon. Pure: no database, no clock.

Every item is planned from the occurrences of the one expansion function, so reminders,
the timeline and iCal agree on when things happen.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from app.kernel.offsets import parse_offset, shifted_utc
from app.kernel.recurrence import Occurrence, to_local

MARGIN = timedelta(days=2)


class Planned(NamedTuple):
    """One reminder row as the item's rules want it (a tuple: 100,000 of these are cheap)."""

    network_id: uuid.UUID
    source_type: str
    source_id: uuid.UUID
    recurrence_id: str
    rule_key: str
    offset: str
    title: str
    timezone: str
    all_day: bool
    item_at: datetime
    due_at: datetime
    channels: list[str]
    recipients: dict[str, Any]
    cancelled: bool

    @property
    def key(self) -> tuple[str, uuid.UUID, str, str]:
        return (self.source_type, self.source_id, self.recurrence_id, self.rule_key)


_new_tuple = tuple.__new__


@dataclass(frozen=True)
class Item:
    """What every reminder of one series shares."""

    network_id: uuid.UUID
    source_type: str
    source_id: uuid.UUID
    title: str
    timezone: str
    all_day: bool


def reach(rule_lists: Iterable[Sequence[dict[str, Any]]]) -> tuple[timedelta, timedelta]:
    """The earliest and latest offset of the given rules, with a margin for DST and days."""
    offsets = [parse_offset(r["offset"]).approximate for rules in rule_lists for r in rules]
    if not offsets:
        return -MARGIN, MARGIN
    return min(min(offsets), timedelta(0)) - MARGIN, max(max(offsets), timedelta(0)) + MARGIN


def plan(
    item: Item,
    occurrences: Iterable[Occurrence],
    rules: Sequence[dict[str, Any]],
    window: tuple[datetime, datetime],
    *,
    key_prefix: str = "",
    cancelled: frozenset[str] = frozenset(),
) -> list[Planned]:
    """Reminder rows for `rules` on each occurrence, due inside `window` (UTC, half-open).
    Occurrences that are cancelled (or named in `cancelled`) give cancelled rows."""
    zone = ZoneInfo(item.timezone)
    # Channels and recipients are shared by every row of a rule, never copied per row.
    parsed = [
        (
            f"{key_prefix}r{index}",
            rule["offset"],
            parse_offset(rule["offset"]),
            timedelta(seconds=parse_offset(rule["offset"]).seconds),
            rule.get("channels") or ["notification"],
            rule.get("recipients") or {},
        )
        for index, rule in enumerate(rules)
    ]
    found: list[Planned] = []
    append = found.append
    low, high = window
    network_id, source_type, source_id = item.network_id, item.source_type, item.source_id
    title, timezone, all_day = item.title, item.timezone, item.all_day
    for occurrence in occurrences:
        is_cancelled = occurrence.cancelled or occurrence.recurrence_id in cancelled
        start_utc, recurrence_id = occurrence.start_utc, occurrence.recurrence_id
        for rule_key, text, offset, exact, channels, recipients in parsed:
            # Exact offsets need no calendar arithmetic.
            due = shifted_utc(occurrence.start, zone, offset) if offset.days else start_utc + exact
            if not low <= due < high:
                continue
            # tuple.__new__ directly: a NamedTuple's own __new__ is a Python-level call, and
            # a horizon makes ~100,000 of these.
            append(
                _new_tuple(
                    Planned,
                    (
                        network_id, source_type, source_id, recurrence_id, rule_key, text,
                        title, timezone, all_day, start_utc, due, channels, recipients,
                        is_cancelled,
                    ),
                )
            )  # fmt: skip
    return found


def milestone_occurrences(
    occurrences: Iterable[Occurrence], offset_text: str, zone: ZoneInfo
) -> list[Occurrence]:
    """A milestone's own occurrences: each deadline occurrence moved by the lead time."""
    offset = parse_offset(offset_text)
    moved = []
    for occurrence in occurrences:
        at = shifted_utc(occurrence.start, zone, offset)
        local = to_local(at, zone)
        moved.append(
            Occurrence(
                recurrence_id=occurrence.recurrence_id,
                start=local,
                end=local,
                start_utc=at,
                end_utc=at,
                cancelled=occurrence.cancelled,
                override=occurrence.override,
            )
        )
    return moved
