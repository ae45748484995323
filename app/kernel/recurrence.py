"""The one expansion function: series + per-occurrence state + window → occurrences.

Pure: no database, no clock. The API timeline, reminders, tasks and iCal all call it, so they
can never disagree. Recurrence runs in local wall time (RFC 5545), and each occurrence is then
placed on the UTC line; DST gaps and folds follow RFC 5545 §3.3.5.
"""

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from app.kernel.rrule_text import normalise_rrule, repeated_part, until_local
from app.kernel.wallclock import out_of_gap

ALLOWED_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
# The RECUR parts of RFC 5545 §3.3.10 (dateutil also knows non-standard ones, e.g. BYEASTER).
RRULE_PARTS = frozenset(
    {
        "FREQ", "UNTIL", "COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY",
        "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST",
    }
)  # fmt: skip
MAX_COUNT = 10_000
MAX_INTERVAL = 1_000
# No window reaches past this year, so nothing later is generated or looked for; searching
# the RRULE beyond it could cost seconds per request.
HORIZON_YEAR = 2300
_UNTIL = re.compile(r"UNTIL=([0-9TZ]+)", re.IGNORECASE)


class RecurrenceError(ValueError):
    """An RRULE, EXDATE or recurrence id that cannot describe a series."""


class TooManyOccurrences(ValueError):
    """The window holds more occurrences than one request may expand."""


_NAIVE_EPOCH = datetime(1970, 1, 1)
_UTC_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """Local wall time → UTC. fold=0 takes the first of a repeated hour and reads a time in
    a DST gap with the offset before the gap, exactly as RFC 5545 §3.3.5 requires."""
    if local.tzinfo is None and not local.fold:
        # The same instant by arithmetic on the zone's offset: about ten times cheaper than
        # replace() + astimezone(), and expanding a horizon calls this twice per occurrence.
        # (A ZoneInfo's utcoffset is never None; the stubs allow it for any tzinfo.)
        return _UTC_EPOCH + (local - zone.utcoffset(local) - _NAIVE_EPOCH)  # type: ignore[operator]
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def to_local(instant: datetime, zone: ZoneInfo) -> datetime:
    """UTC (or any aware) instant → naive local wall time."""
    return instant.astimezone(zone).replace(tzinfo=None)


def with_offset(local: datetime, zone: ZoneInfo) -> datetime:
    """Naive local wall time → the same instant shown as local time with its real offset."""
    return to_utc(local, zone).astimezone(zone)


def format_recurrence_id(local: datetime, all_day: bool) -> str:
    """The iCal RECURRENCE-ID value under the series' TZID, ISO 8601 without offset."""
    if all_day:
        return local.date().isoformat()
    return (local.replace(microsecond=0) if local.microsecond else local).isoformat()


def parse_recurrence_id(value: str, all_day: bool) -> datetime:
    try:
        if all_day:
            return datetime.combine(date.fromisoformat(value), time())
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise RecurrenceError(f"{value!r} is not an ISO 8601 local date-time") from exc
    if parsed.tzinfo is not None or len(value) < 19:
        raise RecurrenceError(
            f"{value!r}: a recurrence id is the original local start without offset, "
            "e.g. 2027-10-06T09:00:00"
        )
    return parsed


@dataclass(frozen=True)
class Override:
    recurrence_id: str
    cancelled: bool = False
    start: datetime | None = None  # naive local
    end: datetime | None = None
    fields: Mapping[str, Any] = field(default_factory=dict)  # title, location, description


@dataclass(frozen=True)
class Series:
    start: datetime  # naive local; midnight for all-day
    end: datetime  # naive local, exclusive
    zone: ZoneInfo
    all_day: bool = False
    rrule: str | None = None
    exdates: frozenset[str] = frozenset()

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


@dataclass(frozen=True)
class Occurrence:
    recurrence_id: str
    start: datetime  # naive local
    end: datetime
    start_utc: datetime
    end_utc: datetime
    cancelled: bool
    override: Override | None

    def overlaps(self, window_start: datetime, window_end: datetime) -> bool:
        if self.end_utc <= self.start_utc:
            return window_start <= self.start_utc < window_end
        return self.start_utc < window_end and self.end_utc > window_start


def _normalise_until(rule_text: str, zone: ZoneInfo, all_day: bool) -> str:
    """Rewrite UNTIL as naive local wall time, the form dateutil needs with a naive DTSTART."""

    def replace(match: re.Match[str]) -> str:
        raw = match.group(1).upper()
        try:
            local = until_local(raw, zone)
        except ValueError as exc:
            raise RecurrenceError(f"UNTIL={raw} is not an RFC 5545 date or date-time") from exc
        if all_day:
            local = datetime.combine(local.date(), time())
        return "UNTIL=" + local.strftime("%Y%m%dT%H%M%S")

    return _UNTIL.sub(replace, rule_text)


def build_rule(series: Series) -> rrule | None:
    if not series.rrule:
        return None
    text = normalise_rrule(series.rrule)
    parts = dict(p.split("=", 1) for p in text.split(";") if "=" in p)
    if any("=" not in p for p in text.split(";") if p):
        raise RecurrenceError("an RRULE is a list of NAME=VALUE parts separated by ';'")
    repeated = repeated_part(text)
    if repeated:
        raise RecurrenceError(
            f"{repeated} appears more than once in the RRULE; RFC 5545 allows each part once"
        )
    freq = parts.get("FREQ")
    if freq not in ALLOWED_FREQS:
        raise RecurrenceError(f"FREQ must be one of {', '.join(ALLOWED_FREQS)}")
    if "DTSTART" in parts or "TZID" in parts:
        raise RecurrenceError("DTSTART belongs in `start`, not in the RRULE")
    unknown = sorted(set(parts) - RRULE_PARTS)
    if unknown:
        raise RecurrenceError(f"not an RFC 5545 RRULE part: {', '.join(unknown)}")
    if "INTERVAL" in parts and not (
        parts["INTERVAL"].isdigit() and 1 <= int(parts["INTERVAL"]) <= MAX_INTERVAL
    ):
        raise RecurrenceError(f"INTERVAL must be a whole number from 1 to {MAX_INTERVAL}")
    if "COUNT" in parts and "UNTIL" in parts:
        raise RecurrenceError("an RRULE may have COUNT or UNTIL, not both")
    if "COUNT" in parts and not (
        parts["COUNT"].isdigit() and 1 <= int(parts["COUNT"]) <= MAX_COUNT
    ):
        raise RecurrenceError(f"COUNT must be a whole number from 1 to {MAX_COUNT}")
    if series.all_day and any(k in parts for k in ("BYHOUR", "BYMINUTE", "BYSECOND")):
        raise RecurrenceError("an all-day series cannot recur by hour, minute or second")
    text = _normalise_until(text, series.zone, series.all_day)
    try:
        rule = rrulestr(text, dtstart=series.start, forceset=False, cache=False)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise RecurrenceError(f"not a valid RFC 5545 RRULE: {exc}") from exc
    if not isinstance(rule, rrule):
        raise RecurrenceError("give one RRULE, without RDATE or EXRULE")
    return rule


def _generates_first(rule: rrule, start: datetime) -> bool:
    """Whether `start` is the first occurrence `rule` generates from it.

    It can only be generated in the period (year, month, week or day) that holds it, so only
    that period is searched: dateutil alone would search a rule that never matches
    (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) up to the year 9999, for many seconds. The Gregorian
    calendar repeats every 400 years, so the period is moved next to the year 9999 and an
    interval that steps past it ends the search after that one period."""
    cycles = (datetime.max.year - 1 - start.year) // 400
    probe_start = start.replace(year=start.year + 400 * cycles)
    try:
        probe = rule.replace(dtstart=probe_start, interval=500_000, count=None, until=None)
        return next(iter(probe), None) == probe_start
    except (OverflowError, ValueError):
        return False


def _bounds(rule: rrule) -> tuple[int | None, datetime | None]:
    """COUNT and UNTIL of a rule (dateutil keeps them private)."""
    return rule._count, rule._until  # type: ignore[attr-defined]


def _last_start(rule: rrule) -> datetime | None:
    """The last occurrence's original start (for UNTIL rules with very many occurrences, UNTIL
    itself: a bound is enough for the span), or None when it is beyond the horizon."""
    until = _bounds(rule)[1]
    if until is not None and until.year >= HORIZON_YEAR:
        return None
    last = None
    for index, last in enumerate(rule):
        if last.year >= HORIZON_YEAR:
            return None
        if index >= MAX_COUNT:
            return until
    return last


def validate_series(series: Series) -> tuple[datetime, datetime | None]:
    """Check a series and return its UTC span (end is None for a never-ending one)."""
    if series.end < series.start:
        raise RecurrenceError("`end` must not be before `start`")
    rule = build_rule(series)
    span_start = to_utc(series.start, series.zone)
    if rule is None:
        return span_start, to_utc(series.end, series.zone)
    count, until = _bounds(rule)
    ends_before_start = count == 0 or (until is not None and until < series.start)
    if ends_before_start or not _generates_first(rule, series.start):
        raise RecurrenceError(
            "`start` must be the first occurrence of the RRULE (RFC 5545 §3.8.5.3): "
            "adjust `start` or the BY* parts"
        )
    if count is None and until is None:
        return span_start, None
    last = _last_start(rule)
    if last is None:
        return span_start, None
    try:
        return span_start, to_utc(last + series.duration, series.zone)
    except OverflowError:
        return span_start, None


def is_occurrence(series: Series, recurrence_id: str, rule: rrule | None = None) -> bool:
    """Whether `recurrence_id` names an occurrence the series generates (ignoring exdates)."""
    try:
        local = parse_recurrence_id(recurrence_id, series.all_day)
    except RecurrenceError:
        return False
    if format_recurrence_id(local, series.all_day) != recurrence_id:
        return False
    if local.year >= HORIZON_YEAR:
        return False
    if rule is None:
        rule = build_rule(series)
    if rule is None:
        return local == series.start
    return rule.after(local, inc=True) == local


# Rules whose occurrences are plain steps in local wall time: FREQ=DAILY or WEEKLY with no part
# but INTERVAL, COUNT or UNTIL (dateutil repeats DTSTART's time of day, and for WEEKLY its
# weekday, so the n-th occurrence is DTSTART + n * INTERVAL days or weeks).
_SIMPLE_PARTS = frozenset({"FREQ", "INTERVAL", "COUNT", "UNTIL"})
_SIMPLE_STEPS = {"DAILY": timedelta(days=1), "WEEKLY": timedelta(weeks=1)}


def simple_step(series: Series) -> timedelta | None:
    """The step between occurrences when the rule is that simple, else None."""
    if not series.rrule:
        return None
    parts = dict(p.split("=", 1) for p in normalise_rrule(series.rrule).split(";") if "=" in p)
    if not parts.keys() <= _SIMPLE_PARTS or parts.get("FREQ") not in _SIMPLE_STEPS:
        return None
    return _SIMPLE_STEPS[parts["FREQ"]] * int(parts.get("INTERVAL", "1"))


def stepped_originals(rule: rrule, step: timedelta, local_from: datetime) -> Iterator[datetime]:
    """What `rule.xafter(local_from, inc=True)` yields for a rule `simple_step` accepted,
    without dateutil's per-occurrence iteration (about 15 µs each)."""
    first: datetime = rule._dtstart  # type: ignore[attr-defined]
    index = 0
    if local_from > first:
        index = -(-(local_from - first) // step)  # the first step at or after local_from
    count, until = _bounds(rule)
    while count is None or index < count:
        try:
            original = first + step * index
        except OverflowError:
            return
        if until is not None and original > until:
            return
        yield original
        index += 1


def place(
    series: Series, original: datetime, override: Override | None, rid: str | None = None
) -> Occurrence:
    """One occurrence from its original local start (`rid`: its recurrence id, when the
    caller has it already) and its per-occurrence state."""
    start = original
    end = original + series.duration
    if override is not None and override.start is not None:
        start = override.start
        end = override.end if override.end is not None else start + series.duration
    elif override is not None and override.end is not None:
        end = override.end
    if not series.all_day:
        start, end = out_of_gap(start, end, series.zone)
    return Occurrence(
        recurrence_id=rid or format_recurrence_id(original, series.all_day),
        start=start,
        end=end,
        start_utc=to_utc(start, series.zone),
        end_utc=to_utc(end, series.zone),
        cancelled=bool(override and override.cancelled),
        override=override,
    )


def expand(
    series: Series,
    window_start: datetime,
    window_end: datetime,
    overrides: Iterable[Override] = (),
    *,
    limit: int | None = None,
) -> list[Occurrence]:
    """Occurrences of `series` overlapping [window_start, window_end), UTC, sorted by start."""
    by_id = {o.recurrence_id: o for o in overrides}
    rule = build_rule(series)
    # Generate in local time with a margin that covers the duration and any UTC offset.
    margin = timedelta(days=2)
    local_from = to_local(window_start, series.zone) - series.duration - margin
    local_to = to_local(window_end, series.zone) + margin
    if rule is None:
        originals: Iterable[datetime] = (
            [series.start] if local_from <= series.start <= local_to else []
        )
    else:
        step = simple_step(series)
        if step is not None:
            originals = stepped_originals(rule, step, local_from)
        else:
            originals = rule.xafter(local_from, inc=True)

    found: list[Occurrence] = []
    seen: set[str] = set()
    for original in originals:
        if original > local_to:
            break
        rid = format_recurrence_id(original, series.all_day)
        seen.add(rid)
        if rid in series.exdates:
            continue
        occurrence = place(series, original, by_id.get(rid), rid)
        if occurrence.overlaps(window_start, window_end):
            found.append(occurrence)
            if limit is not None and len(found) > limit:
                raise TooManyOccurrences(f"more than {limit} occurrences in the window")

    # An occurrence moved into the window from outside the generated range.
    for rid, override in by_id.items():
        if rid in seen or rid in series.exdates:
            continue
        if override.start is None and override.end is None:
            continue
        if not is_occurrence(series, rid, rule):
            continue  # orphaned by an RRULE change: reported on the series, never shown
        original = parse_recurrence_id(rid, series.all_day)
        occurrence = place(series, original, override)
        if occurrence.overlaps(window_start, window_end):
            found.append(occurrence)
    found.sort(key=lambda o: (o.start_utc, o.recurrence_id))
    return found


def orphaned_overrides(series: Series, recurrence_ids: Iterable[str]) -> list[str]:
    """Overrides whose occurrence the series no longer generates (after an RRULE edit)."""
    rule = build_rule(series)
    return sorted(
        rid
        for rid in recurrence_ids
        if rid in series.exdates or not is_occurrence(series, rid, rule)
    )
