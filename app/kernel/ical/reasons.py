"""Why an imported event was rejected, in words for the person who made the file: never
the text of a Python exception ("combine() argument 1 must be datetime.date, not str")."""

from typing import Any

_DATE_PROPERTIES = ("DTSTART", "DTEND", "DUE", "EXDATE", "RDATE", "RECURRENCE-ID")
_HINTS = {
    "DURATION": "write a duration such as PT1H30M or P1D",
    "RRULE": "write a rule such as FREQ=WEEKLY;BYDAY=MO",
    **{
        name: "write a date such as 20270328, or a date and time such as 20270328T090000 "
        "with a TZID or a trailing Z"
        for name in _DATE_PROPERTIES
    },
}
UNREADABLE = (
    "a date, time or recurrence of this event cannot be read or is out of range; "
    "check DTSTART, DTEND, DURATION, RRULE and EXDATE"
)


def _broken(components: list[Any]) -> list[tuple[Any, str]]:
    """The properties icalendar could not read (it keeps them as vBroken and lists them)."""
    found: list[tuple[Any, str]] = []
    for component in components:
        for name, _message in getattr(component, "errors", None) or ():
            if str(name) not in [n for _, n in found]:
                found.append((component, str(name)))
    return found


def rejection(components: list[Any], exc: Exception) -> str:
    """The reason for the report on an event (its series and instance components): the
    unreadable properties by name, the service's own messages as they are, a plain sentence
    for everything else."""
    broken = _broken(components)
    if broken:
        parts = []
        for component, name in broken[:3]:
            value = component.get(name)
            if isinstance(value, list):
                value = value[0] if value else ""
            shown = "" if value is None else str(value)
            hint = _HINTS.get(name.upper())
            parts.append(f"{name} cannot be read ({shown[:40]!r})" + (f": {hint}" if hint else ""))
        return "; ".join(parts)
    # RecurrenceError (a ValueError) and the parser's own ValueErrors are written for people;
    # so are datetime's range errors ("day is out of range for month").
    if isinstance(exc, ValueError) and str(exc):
        return str(exc)
    return UNREADABLE
