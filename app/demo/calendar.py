"""The demo network's annual wheel: its events, and the occurrences moved or cancelled, read
from calendar.toml beside this module (the content is data; this module gives it its types).

Start times are naive local wall time in Europe/Helsinki, and each recurring start is the first
occurrence of its rule, as the event service requires.
"""

import tomllib
from datetime import date, datetime
from importlib.resources import files
from typing import Any

from app.demo.seeds import MUNICIPALITIES, CancelledOccurrence, EventSeed, MovedOccurrence
from app.events.models import EventStatus

REGIONAL = ("pohde", "liitto")
# Names in a `partners` list that stand for several partners.
PARTNER_GROUPS = {"*regional": REGIONAL, "*municipalities": MUNICIPALITIES}


def _partners(names: list[str]) -> tuple[str, ...]:
    return tuple(key for name in names for key in PARTNER_GROUPS.get(name, (name,)))


def _event(row: dict[str, Any]) -> EventSeed:
    start: date | datetime = row.pop("start")
    return EventSeed(
        start=start,
        partners=_partners(row.pop("partners", [])),
        exdates=tuple(row.pop("exdates", ())),
        status=EventStatus(row.pop("status", EventStatus.confirmed.value)),
        **row,
    )


_CONTENT = tomllib.loads(files("app.demo").joinpath("calendar.toml").read_text("utf-8"))
EVENTS: tuple[EventSeed, ...] = tuple(_event(row) for row in _CONTENT["events"])
MOVED: tuple[MovedOccurrence, ...] = tuple(MovedOccurrence(**row) for row in _CONTENT["moved"])
CANCELLED: tuple[CancelledOccurrence, ...] = tuple(
    CancelledOccurrence(**row) for row in _CONTENT["cancelled"]
)
