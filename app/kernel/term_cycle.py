"""When the items of a council-term cycle fall within one term (valtuustokausikello)."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CycleItem:
    """`term_year` 1-4 (the n-th year from the term's start) or `every_year`, on month/day."""

    month: int
    day: int
    term_year: int | None = None
    every_year: bool = False


def valid_day(month: int, day: int) -> bool:
    """The day must exist every year (so no 29 February)."""
    try:
        date(2001, month, day)
    except ValueError:
        return False
    return True


def _years_after(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a common year
        return start.replace(year=start.year + years, day=28)


def due_dates(item: CycleItem, start: date, end: date) -> list[date]:
    """The item's dates inside [start, end], in order: every year's, or the first on or
    after the start of the given term year (none when that falls after the term)."""
    if item.every_year:
        found = []
        for year in range(start.year, end.year + 1):
            day = date(year, item.month, item.day)
            if start <= day <= end:
                found.append(day)
        return found
    assert item.term_year is not None
    year_start = _years_after(start, item.term_year - 1)
    year_end = _years_after(start, item.term_year)
    candidate = date(year_start.year, item.month, item.day)
    if candidate < year_start:
        candidate = date(year_start.year + 1, item.month, item.day)
    if candidate >= year_end or candidate > end:
        return []
    return [candidate]
