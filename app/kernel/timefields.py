"""Request fields that carry a date or a (possibly naive) local date-time."""

from datetime import date, datetime, time
from functools import lru_cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo, available_timezones

from pydantic import AfterValidator, BeforeValidator, Field


def _date_or_datetime(value: Any) -> Any:
    """'2027-10-06' is a date, anything longer a date-time; pydantic alone would guess."""
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            return datetime.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(
                "expected an ISO 8601 date (2027-10-06) or date-time (2027-10-06T09:00:00)"
            ) from exc
    return value


# The wheel plans years, not millennia; outside this range local↔UTC arithmetic overflows.
MIN_YEAR, MAX_YEAR = 1900, 2200


def in_supported_range(value: date) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"must be between the years {MIN_YEAR} and {MAX_YEAR}")
    return value


DateOrDateTime = Annotated[
    date | datetime,
    BeforeValidator(_date_or_datetime),
    AfterValidator(in_supported_range),
    Field(
        description="A date for all-day items; otherwise a date-time, where one without an "
        "offset is local time in `timezone`",
        examples=["2027-10-06T09:00:00"],
    ),
]


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def _valid_zone(name: str) -> str:
    if name not in _zone_names():
        raise ValueError("not an IANA time zone name such as Europe/Helsinki")
    return name


TimeZoneName = Annotated[
    str,
    Field(max_length=64, examples=["Europe/Helsinki"], description="IANA time zone"),
    AfterValidator(_valid_zone),
]


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def wall_time(value: date | datetime, tz: str) -> tuple[datetime, bool]:
    """An API date or date-time → (naive local wall time in `tz`, all_day); an aware
    date-time is converted, a naive one is taken as local already."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(ZoneInfo(tz)).replace(tzinfo=None)
        return value.replace(microsecond=0), False
    return datetime.combine(value, time()), True
