"""ISO 8601 durations as reminder and lead-time offsets. Pure: no database, no clock.

Weeks and days are nominal (local calendar days) and hours, minutes and seconds exact, as
RFC 5545 §3.3.6 says of DURATION: a `-P1D` reminder of a 09:00 meeting fires at 09:00 the day
before even across a DST change, and `-PT2H` fires exactly two hours before.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from app.kernel.recurrence import to_utc

_DURATION = re.compile(
    r"^(?P<sign>[+-])?P(?:(?P<weeks>\d{1,4})W)?(?:(?P<days>\d{1,5})D)?"
    r"(?:T(?:(?P<hours>\d{1,6})H)?(?:(?P<minutes>\d{1,7})M)?(?:(?P<seconds>\d{1,9})S)?)?$"
)
# A reminder or lead time further than this from its item is surely a typo.
MAX_OFFSET = timedelta(days=800)


@dataclass(frozen=True)
class Offset:
    days: int  # nominal, signed
    seconds: int  # exact, signed

    @property
    def approximate(self) -> timedelta:
        return timedelta(days=self.days, seconds=self.seconds)


@lru_cache(maxsize=1024)  # validated, then planned with: a few texts, parsed over and over
def parse_offset(text: str) -> Offset:
    """'-P14D', '-PT2H', 'P1W', '+P1DT12H' → Offset; ValueError otherwise."""
    match = _DURATION.match(text.strip().upper())
    if not match or text.strip().upper().rstrip("T").endswith(("P", "T")):
        raise ValueError(
            "expected an ISO 8601 duration in weeks, days, hours, minutes or seconds, "
            "such as -P14D, -PT2H or P1D"
        )
    parts = {k: int(v or 0) for k, v in match.groupdict().items() if k != "sign"}
    sign = -1 if match.group("sign") == "-" else 1
    offset = Offset(
        days=sign * (parts["weeks"] * 7 + parts["days"]),
        seconds=sign * (parts["hours"] * 3600 + parts["minutes"] * 60 + parts["seconds"]),
    )
    if abs(offset.approximate) > MAX_OFFSET:
        raise ValueError(f"an offset may reach at most {MAX_OFFSET.days} days")
    return offset


def apply_local(local: datetime, offset: Offset) -> datetime:
    """Local wall time + the nominal part of `offset` (exact part not applied)."""
    return local + timedelta(days=offset.days)


def shifted_utc(local: datetime, zone: ZoneInfo, offset: Offset) -> datetime:
    """The instant `offset` away from the local wall time `local` in `zone`."""
    base = to_utc(apply_local(local, offset), zone)
    return (base + timedelta(seconds=offset.seconds)).astimezone(UTC)
