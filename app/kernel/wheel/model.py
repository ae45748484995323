"""What a wheel is drawn from: items already expanded, in the wheel's local time."""

from dataclasses import dataclass, field
from datetime import date, datetime

KINDS = ("event", "deadline", "milestone", "task")
MARKS = ("deadline", "milestone", "task")  # drawn as marks, not arcs


@dataclass(frozen=True)
class Ring:
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Item:
    key: str  # unique on the wheel, e.g. "event:<id>:<recurrence id>"
    kind: str
    title: str
    start: datetime  # naive local wall time in the wheel's zone
    end: datetime  # exclusive; equal to start for marks
    all_day: bool
    ring: str
    colour: str
    status: str = ""
    category: str | None = None
    partner: str = ""
    location: str | None = None


@dataclass(frozen=True)
class Wheel:
    first: date  # the first day of the wheel's first month
    title: str
    lang: str
    size: int
    rings: list[Ring]
    items: list[Item]
    legend: list[tuple[str, str]] = field(default_factory=list)  # (label, colour)
    today: datetime | None = None  # naive local
    interactive: bool = False  # items link to their row of the table (the embed page)
