"""VTIMEZONE blocks (RFC 5545 §3.6.5): one per TZID a calendar uses.

Europe/Helsinki is written out by hand, with its full EU-era history (DST ended on the last
Sunday of September until 1995, of October since 1996). Other zones are derived from the tz
database's rules for a reference year: enough for the zones with a fixed yearly rule, which is
every zone a Finnish network plausibly uses.
"""

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from app.kernel.ical.text import CRLF

HELSINKI = CRLF.join(
    [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Helsinki",
        "X-LIC-LOCATION:Europe/Helsinki",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0300",
        "TZNAME:EEST",
        "DTSTART:19830327T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0300",
        "TZOFFSETTO:+0200",
        "TZNAME:EET",
        "DTSTART:19830925T040000",
        "RRULE:FREQ=YEARLY;BYMONTH=9;BYDAY=-1SU;UNTIL=19950924T010000Z",
        "END:STANDARD",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0300",
        "TZOFFSETTO:+0200",
        "TZNAME:EET",
        "DTSTART:19961027T040000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
)

# A fixed year, so the output never depends on the clock.
REFERENCE_YEAR = 2030
FIRST_YEAR = 1970
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{minutes:02d}"


def _transitions(zone: ZoneInfo, year: int) -> list[datetime]:
    """UTC instants (to the hour; every modern rule switches on a full hour) of offset
    changes in `year`."""
    found = []
    instant = datetime(year, 1, 1, tzinfo=UTC)
    previous = instant.astimezone(zone).utcoffset()
    while instant.year == year:
        instant += timedelta(hours=1)
        current = instant.astimezone(zone).utcoffset()
        if current != previous:
            found.append(instant)
            previous = current
    return found


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime:
    if nth > 0:
        first = datetime(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    nxt = datetime(year + (month == 12), month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _observance(zone: ZoneInfo, instant: datetime) -> str:
    before = (instant - timedelta(seconds=1)).astimezone(zone)
    after = instant.astimezone(zone)
    offset_from, offset_to = before.utcoffset(), after.utcoffset()
    assert offset_from is not None and offset_to is not None
    local = (instant + offset_from).replace(tzinfo=None)  # wall time before the switch
    nth = -1 if (local + timedelta(days=7)).month != local.month else (local.day - 1) // 7 + 1
    first = _nth_weekday(FIRST_YEAR, local.month, local.weekday(), nth)
    kind = "DAYLIGHT" if after.dst() else "STANDARD"
    return CRLF.join(
        [
            f"BEGIN:{kind}",
            f"TZOFFSETFROM:{_offset(offset_from)}",
            f"TZOFFSETTO:{_offset(offset_to)}",
            f"TZNAME:{after.tzname()}",
            f"DTSTART:{first.strftime('%Y%m%d')}T{local.strftime('%H%M%S')}",
            f"RRULE:FREQ=YEARLY;BYMONTH={local.month};BYDAY={nth}{_DAYS[local.weekday()]}",
            f"END:{kind}",
        ]
    )


@lru_cache(maxsize=64)
def vtimezone(tzid: str) -> str:
    """The VTIMEZONE block for an IANA zone, without a trailing line break."""
    if tzid == "Europe/Helsinki":
        return HELSINKI
    zone = ZoneInfo(tzid)
    transitions = _transitions(zone, REFERENCE_YEAR)
    if transitions:
        body = [_observance(zone, instant) for instant in transitions]
    else:
        sample = datetime(REFERENCE_YEAR, 1, 1, tzinfo=UTC).astimezone(zone)
        offset = _offset(sample.utcoffset() or timedelta())
        body = [
            CRLF.join(
                [
                    "BEGIN:STANDARD",
                    f"TZOFFSETFROM:{offset}",
                    f"TZOFFSETTO:{offset}",
                    f"TZNAME:{sample.tzname()}",
                    f"DTSTART:{FIRST_YEAR}0101T000000",
                    "END:STANDARD",
                ]
            )
        ]
    return CRLF.join(["BEGIN:VTIMEZONE", f"TZID:{tzid}", *body, "END:VTIMEZONE"])
