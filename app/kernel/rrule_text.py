"""The text of an RRULE, before dateutil reads it."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo


def normalise_rrule(text: str) -> str:
    """Canonical text of a user-supplied RRULE: no prefix, upper case, no spaces."""
    text = text.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    return text.replace(" ", "").upper()


def repeated_part(text: str) -> str | None:
    """The first RRULE part named twice (libical refuses it; dateutil keeps one), or None."""
    seen: set[str] = set()
    for part in normalise_rrule(text).split(";"):
        name = part.split("=", 1)[0]
        if not name:
            continue
        if name in seen:
            return name
        seen.add(name)
    return None


def until_local(raw: str, zone: ZoneInfo) -> datetime:
    """An RRULE's UNTIL value as naive local wall time in `zone`: a UTC date-time converted, a
    local one as it is, a DATE as the last second of that day (it includes the whole day).
    ValueError when it is none of them."""
    if raw.endswith("Z"):
        instant = datetime.strptime(raw, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        return instant.astimezone(zone).replace(tzinfo=None)
    if "T" in raw:
        return datetime.strptime(raw, "%Y%m%dT%H%M%S")
    return datetime.strptime(raw, "%Y%m%d") + timedelta(days=1, seconds=-1)
