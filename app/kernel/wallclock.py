"""Local wall times around DST switches: the spring gap (a time that does not exist) and the
autumn repeat (a time that exists twice).

RFC 5545 §3.3.5 reads a time in the gap with the offset before it (03:30 on 2027-03-28 in
Helsinki is 01:30Z, the instant the clocks show as 04:30) and a repeated time as its first
instant. Parsers disagree on both (ical.js and libical read the gap with the offset after it
and the repeat as its second instant), so the service never stores a time in the gap and
never writes a repeated time as local time.
"""

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

# Switches are looked for in these years; beyond, a zone's rules are a guess anyway.
FIRST_YEAR, LAST_YEAR = 1970, 2100


@lru_cache(maxsize=64)
def switches(zone: ZoneInfo) -> tuple[tuple[datetime, datetime], ...]:
    """Each switch of `zone` as its local [first, end) of the skipped or repeated wall times."""
    found = []
    day = datetime(FIRST_YEAR, 1, 1, 12, tzinfo=UTC)
    offset = _offset(zone, day.astimezone(zone).replace(tzinfo=None))
    while day.year <= LAST_YEAR:
        following = day + timedelta(days=1)
        next_offset = _offset(zone, following.astimezone(zone).replace(tzinfo=None))
        if next_offset != offset:
            hour = day
            while (hour + timedelta(hours=1)).astimezone(zone).utcoffset() == offset:
                hour += timedelta(hours=1)
            instant = hour + timedelta(hours=1)  # the first instant with the new offset
            before = (instant.replace(tzinfo=None) + offset).replace(minute=0, second=0)
            after = instant.replace(tzinfo=None) + next_offset
            after = after.replace(minute=0, second=0)
            found.append((min(before, after), max(before, after)))
            offset = next_offset
        day = following
    return tuple(found)


@lru_cache(maxsize=64)
def _switch_days(zone: ZoneInfo) -> frozenset[date]:
    return frozenset(first.date() for first, _ in switches(zone))


@lru_cache(maxsize=64)
def switch_hours(zone: ZoneInfo) -> frozenset[int]:
    """The wall-clock hours that a gap or a repeat of `zone` ever covers."""
    hours = set()
    for first, end in switches(zone):
        hour = first
        while hour < end:
            hours.add(hour.hour)
            hour += timedelta(hours=1)
    return frozenset(hours)


def shaky(local: datetime, zone: ZoneInfo) -> bool:
    """Whether a naive local time is in a gap or a repeat of `zone` (cheap when it is not)."""
    if local.date() not in _switch_days(zone):
        return False
    return zone.utcoffset(local.replace(fold=0)) != zone.utcoffset(local.replace(fold=1))


def _offset(zone: ZoneInfo, local: datetime) -> timedelta:
    offset = zone.utcoffset(local)
    assert offset is not None  # a ZoneInfo always has one
    return offset


def in_gap(local: datetime, zone: ZoneInfo) -> bool:
    """Whether a naive local time does not exist in `zone` (the spring gap)."""
    return shaky(local, zone) and _offset(zone, local.replace(fold=0)) < _offset(
        zone, local.replace(fold=1)
    )


def repeated(local: datetime, zone: ZoneInfo) -> bool:
    """Whether a naive local time exists twice in `zone` (the autumn repeat)."""
    return shaky(local, zone) and not in_gap(local, zone)


def existing(local: datetime, zone: ZoneInfo) -> datetime:
    """A time in the gap → the wall time of the same instant (03:30 → 04:30); others as they are."""
    if not in_gap(local, zone):
        return local
    instant = local.replace(tzinfo=zone, fold=0).astimezone(UTC)
    return instant.astimezone(zone).replace(tzinfo=None)


def out_of_gap(start: datetime, end: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """A start in the gap moves to the existing time of its instant and the end moves with it,
    keeping the duration (03:30 to 04:30 → 04:30 to 05:30, not zero length at 04:30); an end
    alone in the gap moves to its existing time (the same instant)."""
    moved = existing(start, zone)
    if moved != start:
        return moved, end + (moved - start)
    return start, existing(end, zone)
