"""Times in a query string: a date or a date-time, local in the default zone unless it has an
offset, read as a UTC bound of a list or a window."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

from fastapi import Query
from sqlmodel import SQLModel
from sqlmodel.sql.expression import SelectOfScalar

from app.core.config import get_settings
from app.core.crud import within
from app.core.errors import ValidationFailed
from app.kernel.recurrence import to_utc
from app.kernel.timefields import _date_or_datetime, in_supported_range

M = TypeVar("M", bound=SQLModel)

TimeText = Annotated[str | None, Query(max_length=40)]


def time_bound(raw: str | None, name: str, zone: ZoneInfo) -> datetime | None:
    """The UTC instant `raw` names (a date is its local midnight); a 422 on query field `name`."""
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


class DueBounds(Protocol):
    """A list query narrowed by due time: `?due_from=&due_to=`."""

    due_from: str | None
    due_to: str | None


@dataclass(frozen=True)
class DueRange:
    start: datetime | None
    end: datetime | None

    def limit(self, statement: SelectOfScalar[M], column: Any) -> SelectOfScalar[M]:
        """`statement` narrowed to `start <= column < end`."""
        return within(statement, column, self.start, self.end)


def due_range(query: DueBounds) -> DueRange:
    """The query's due bounds as UTC instants (422 on the field that is not a time)."""
    zone = get_settings().default_zone
    return DueRange(
        time_bound(query.due_from, "due_from", zone), time_bound(query.due_to, "due_to", zone)
    )
