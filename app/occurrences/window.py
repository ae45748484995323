"""The `from`/`to` window of timeline queries."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Annotated

from fastapi import Depends, Query

from app.core import clock
from app.core.config import get_settings
from app.core.errors import ValidationFailed
from app.core.timebounds import time_bound
from app.kernel.recurrence import to_utc

DEFAULT_DAYS = 365


@dataclass(frozen=True)
class Window:
    start: datetime  # UTC
    end: datetime


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
    start = time_bound(from_, "from", zone)
    end = time_bound(to, "to", zone)
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
