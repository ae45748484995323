"""The shapes of the demo's content: one frozen dataclass per kind of row."""

from dataclasses import dataclass
from datetime import date, datetime

from app.events.models import EventStatus
from app.groups.models import GroupKind, MemberRole
from app.partners.models import PartnerKind

# Municipal council term (valtuustokausi) 2025-2029: the groups are appointed for it.
TERM_START = date(2025, 6, 1)
TERM_END = date(2029, 5, 31)


@dataclass(frozen=True)
class PartnerSeed:
    key: str
    name: str
    kind: PartnerKind
    municipality_code: str | None = None
    business_id: str | None = None
    wellbeing_county_code: str | None = None


@dataclass(frozen=True)
class PersonSeed:
    key: str
    partner: str
    name: str
    title: str
    email: str


@dataclass(frozen=True)
class MemberSeed:
    person: str
    role: MemberRole
    start: date | None = TERM_START
    end: date | None = None


@dataclass(frozen=True)
class GroupSeed:
    key: str
    name: str
    kind: GroupKind
    description: str
    members: tuple[MemberSeed, ...]
    term_start: date = TERM_START
    term_end: date = TERM_END


@dataclass(frozen=True)
class EventSeed:
    key: str
    title: str
    category: str
    start: date | datetime
    end: date | datetime | None = None
    rrule: str | None = None
    description: str | None = None
    location: str | None = None
    group: str | None = None
    partners: tuple[str, ...] = ()
    exdates: tuple[date | datetime, ...] = ()
    status: EventStatus = EventStatus.confirmed


@dataclass(frozen=True)
class MovedOccurrence:
    event: str
    recurrence_id: datetime
    start: datetime
    end: datetime
    description: str | None = None


@dataclass(frozen=True)
class CancelledOccurrence:
    event: str
    recurrence_id: datetime


MUNICIPALITIES = ("oulu", "raahe", "kuusamo", "pyhajarvi", "ylivieska", "nivala", "kempele")
