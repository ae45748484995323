"""Where an instant sits on a wheel of twelve equal month sectors that may start in any month.

Angles are degrees clockwise from twelve o'clock. Within a month the angle follows local wall
time (naive local datetimes), so a DST change moves nothing: 3 a.m. on the day the clocks turn
sits exactly where 3 a.m. sits on any other day.
"""

import math
from datetime import date, datetime, timedelta

MONTH_DEGREES = 30.0


def month_starts(first: date) -> list[datetime]:
    """The thirteen local midnights that bound the wheel's twelve months."""
    starts = []
    year, month = first.year, first.month
    for _ in range(13):
        starts.append(datetime(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


def month_index(local: datetime, starts: list[datetime]) -> int:
    """0..11 for a time within the wheel, -1 before it, 12 after it."""
    if local < starts[0]:
        return -1
    for index in range(12):
        if local < starts[index + 1]:
            return index
    return 12


def angle_of(local: datetime, starts: list[datetime]) -> float:
    """The angle of a local wall time, clamped to the wheel's 0..360 degrees."""
    index = month_index(local, starts)
    if index < 0:
        return 0.0
    if index > 11:
        return 360.0
    begin, end = starts[index], starts[index + 1]
    return MONTH_DEGREES * (index + (local - begin) / (end - begin))


def point(angle: float, radius: float, cx: float, cy: float) -> tuple[float, float]:
    """Cartesian SVG coordinates (y down) of a polar point."""
    theta = math.radians(angle)
    return cx + radius * math.sin(theta), cy - radius * math.cos(theta)


def angle_at(x: float, y: float, cx: float, cy: float) -> float:
    """The inverse of `point` for the angle: 0..360 clockwise from twelve o'clock."""
    return math.degrees(math.atan2(x - cx, cy - y)) % 360.0


def iso_weeks(starts: list[datetime]) -> list[tuple[int, datetime, datetime]]:
    """(ISO week number, local start, local end) of every week touching the wheel, clipped."""
    first, last = starts[0], starts[-1]
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday < last:
        end = monday + timedelta(days=7)
        weeks.append((monday.isocalendar().week, max(monday, first), min(end, last)))
        monday = end
    return weeks


def arc_length(radius: float, degrees: float) -> float:
    return radius * math.radians(degrees)


def degrees_for(length: float, radius: float) -> float:
    """The angle that spans `length` pixels at `radius`."""
    return math.degrees(length / radius) if radius > 0 else 360.0
