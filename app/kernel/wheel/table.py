"""The month-by-month text alternative of a wheel (W3C complex images), and export rows."""

from bisect import bisect_right
from dataclasses import dataclass

from app.kernel.wheel.geometry import month_starts
from app.kernel.wheel.model import Item, Wheel
from app.kernel.wheel.text import MONTHS, when, word


@dataclass(slots=True)
class Row:
    anchor: str  # the id the picture's item links to
    month: str
    date: str
    time: str
    ring: str
    title: str
    kind: str
    status: str
    partner: str
    location: str
    item: Item


def rows(wheel: Wheel) -> list[Row]:
    """Every item of the wheel, in time order, as the people reading the table see it."""
    starts = month_starts(wheel.first)
    labels = {ring.key: ring.label for ring in wheel.rings}
    ordered = sorted(wheel.items, key=lambda item: (item.start, item.title, item.key))
    result = []
    names = [f"{MONTHS[wheel.lang][s.month - 1]} {s.year}" for s in starts[:12]]
    for number, item in enumerate(ordered):
        # The month the item starts in; items reaching in from before the wheel sit in its first.
        month = names[min(max(bisect_right(starts, item.start) - 1, 0), 11)]
        date, time = when(item.start, item.end, item.all_day, wheel.lang)
        result.append(
            Row(
                anchor=anchor_of(number),
                month=month,
                date=date,
                time=time,
                ring=labels.get(item.ring, item.ring),
                title=item.title,
                kind=word(wheel.lang, item.kind),
                status=item.status,
                partner=item.partner,
                location=item.location or "",
                item=item,
            )
        )
    return result


def anchor_of(number: int) -> str:
    return f"item-{number}"


def by_month(wheel: Wheel) -> list[tuple[str, list[Row]]]:
    """The rows under each of the twelve months, empty months included."""
    starts = month_starts(wheel.first)
    months = [f"{MONTHS[wheel.lang][s.month - 1]} {s.year}" for s in starts[:12]]
    grouped: dict[str, list[Row]] = {m: [] for m in months}
    for row in rows(wheel):
        grouped[row.month].append(row)
    return list(grouped.items())
