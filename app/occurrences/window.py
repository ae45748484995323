"""The `from`/`to` window of timeline queries."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Query

from app.core import clock
from app.core.config import get_settings
from app.core.errors import ValidationFailed
from app.kernel.recurrence import to_utc
from app.kernel.timefields import _date_or_datetime, in_supported_range

DEFAULT_DAYS = 365


@dataclass(frozen=True)
class Window:
    start: datetime  # UTC
    end: datetime


def _bound(raw: str | None, name: str, zone: ZoneInfo) -> datetime | None:
    if raw is None:
        return None
    try:
        value = in_supported_range(_date_or_datetime(raw))
    except ValueError as exc:
        raise ValidationFailed.field(name, str(exc), location="query") from exc
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else to_utc(value, zone)
    assert isinstance(value, date)
    return to_utc(datetime.combine(value, time()), zone)


def window_params(
    from_: Annotated[
        str | None,
        Query(
            alias="from",
            max_length=40,
            description="Start (date, or date-time; local time in Europe/Helsinki without an "
            "offset). Default: today",
            examples=["2027-01-01"],
        ),
    ] = None,
    to: Annotated[
        str | None,
        Query(
            max_length=40,
            description="Exclusive end. Default: one year after `from`",
            examples=["2028-01-01"],
        ),
    ] = None,
) -> Window:
    settings = get_settings()
    zone = settings.default_zone
    start = _bound(from_, "from", zone)
    end = _bound(to, "to", zone)
    if start is None:
        today = clock.now().astimezone(zone).date()
        start = to_utc(datetime.combine(today, time()), zone)
    if end is None:
        end = start + timedelta(days=DEFAULT_DAYS)
    if end <= start:
        raise ValidationFailed.field("to", "must be after `from`", location="query")
    if end - start > timedelta(days=settings.max_window_days):
        raise ValidationFailed.field(
            "to",
            f"the window may span at most {settings.max_window_days} days; narrow it",
            location="query",
        )
    return Window(start=start, end=end)


WindowDep = Annotated[Window, Depends(window_params)]
