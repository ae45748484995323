"""Council-term cycle dates (app/kernel/term_cycle.py)."""
# ruff: noqa: E501 - one case per line reads as a table

from datetime import date

import pytest

from app.kernel.term_cycle import CycleItem, due_dates, valid_day

TERM = (date(2025, 6, 1), date(2029, 5, 31))  # valtuustokausi 2025-2029
SHORT = (date(2021, 8, 1), date(2025, 5, 31))  # the 2021 term, 3 years 10 months

CASES = [
    ("spring report every year", CycleItem(5, 15, every_year=True), TERM, [date(2026, 5, 15), date(2027, 5, 15), date(2028, 5, 15), date(2029, 5, 15)]),
    ("budget every autumn", CycleItem(11, 30, every_year=True), TERM, [date(2025, 11, 30), date(2026, 11, 30), date(2027, 11, 30), date(2028, 11, 30)]),
    ("first year, after the start", CycleItem(12, 15, term_year=1), TERM, [date(2025, 12, 15)]),
    ("first year, month before the start: next calendar year", CycleItem(5, 15, term_year=1), TERM, [date(2026, 5, 15)]),
    ("fourth year", CycleItem(3, 1, term_year=4), TERM, [date(2029, 3, 1)]),
    ("start day itself", CycleItem(6, 1, term_year=2), TERM, [date(2026, 6, 1)]),
    ("short term: fourth year cut off by the end", CycleItem(6, 30, term_year=4), SHORT, []),
    ("short term: every year", CycleItem(9, 1, every_year=True), SHORT, [date(2021, 9, 1), date(2022, 9, 1), date(2023, 9, 1), date(2024, 9, 1)]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "item", "term", "expected"), CASES, ids=[c[0] for c in CASES])
def test_due_dates(name, item, term, expected):
    assert due_dates(item, *term) == expected


@pytest.mark.parametrize(
    ("month", "day", "ok"),
    [(2, 28, True), (2, 29, False), (4, 31, False), (12, 31, True), (13, 1, False)],
)
def test_valid_day(month, day, ok):
    assert valid_day(month, day) is ok
