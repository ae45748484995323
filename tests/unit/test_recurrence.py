"""The pure expansion module, table by table: expand(), local↔UTC placement in DST gaps and
folds (RFC 5545 §3.3.5), recurrence ids, series validation and spans, orphaned overrides,
and properties that must hold for any window."""

import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.kernel.recurrence import (
    Override,
    RecurrenceError,
    Series,
    TooManyOccurrences,
    expand,
    format_recurrence_id,
    is_occurrence,
    orphaned_overrides,
    parse_recurrence_id,
    to_local,
    to_utc,
    validate_series,
    with_offset,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
NEW_YORK = ZoneInfo("America/New_York")


def local(text: str) -> datetime:
    return datetime.fromisoformat(text)


def utc(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def series(
    start: str,
    end: str | None = None,
    rrule: str | None = None,
    *,
    zone: ZoneInfo = HELSINKI,
    exdates: tuple[str, ...] = (),
) -> Series:
    all_day = len(start) == 10
    first = local(start)
    if end is not None:
        last = local(end)
    else:
        last = first + (timedelta(days=1) if all_day else timedelta(hours=1))
    return Series(
        start=first, end=last, zone=zone, all_day=all_day, rrule=rrule, exdates=frozenset(exdates)
    )


def shown(occurrence, zone: ZoneInfo) -> tuple[str, str, str]:
    """(recurrence id, start, end) as the API shows them: local time with offset, or dates."""

    def text(value: datetime) -> str:
        if len(occurrence.recurrence_id) == 10:
            return value.date().isoformat()
        return with_offset(value, zone).isoformat()

    return occurrence.recurrence_id, text(occurrence.start), text(occurrence.end)


# --- expand(): a table of series, windows and overrides -------------------------------------

EXPAND_CASES = [
    pytest.param(
        series("2026-05-04T09:00:00"),
        ("2026-05-01", "2026-06-01"),
        (),
        [("2026-05-04T09:00:00", "2026-05-04T09:00:00+03:00", "2026-05-04T10:00:00+03:00")],
        id="single event in the window",
    ),
    pytest.param(
        series("2026-05-04T09:00:00"),
        ("2026-05-04T06:00:00+00:00", "2026-05-04T06:00:01+00:00"),
        (),
        [("2026-05-04T09:00:00", "2026-05-04T09:00:00+03:00", "2026-05-04T10:00:00+03:00")],
        id="window of one second at the start",
    ),
    pytest.param(
        series("2026-05-04T09:00:00"),
        ("2026-05-04T07:00:00+00:00", "2026-05-05"),
        (),
        [],
        id="window starting at the exclusive end",
    ),
    pytest.param(
        series("2026-05-04T09:00:00", "2026-05-04T09:00:00"),
        ("2026-05-04T06:00:00+00:00", "2026-05-04T06:00:01+00:00"),
        (),
        [("2026-05-04T09:00:00", "2026-05-04T09:00:00+03:00", "2026-05-04T09:00:00+03:00")],
        id="zero-length event at the window start",
    ),
    pytest.param(
        series("2026-05-04T09:00:00", "2026-05-04T09:00:00"),
        ("2026-05-04T05:00:00+00:00", "2026-05-04T06:00:00+00:00"),
        (),
        [],
        id="zero-length event at the exclusive window end",
    ),
    pytest.param(
        series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY;COUNT=3"),
        ("2026-03-01", "2026-05-01"),
        (),
        [
            ("2026-03-22T09:00:00", "2026-03-22T09:00:00+02:00", "2026-03-22T10:00:00+02:00"),
            ("2026-03-29T09:00:00", "2026-03-29T09:00:00+03:00", "2026-03-29T10:00:00+03:00"),
            ("2026-04-05T09:00:00", "2026-04-05T09:00:00+03:00", "2026-04-05T10:00:00+03:00"),
        ],
        id="weekly across the spring change",
    ),
    pytest.param(
        series("2026-03-28T03:30:00", "2026-03-28T04:00:00", rrule="FREQ=DAILY;COUNT=3"),
        ("2026-03-01", "2026-05-01"),
        (),
        [
            ("2026-03-28T03:30:00", "2026-03-28T03:30:00+02:00", "2026-03-28T04:00:00+02:00"),
            # Moved out of the gap with its 30 minutes (it used to end before it started).
            ("2026-03-29T03:30:00", "2026-03-29T04:30:00+03:00", "2026-03-29T05:00:00+03:00"),
            ("2026-03-30T03:30:00", "2026-03-30T03:30:00+03:00", "2026-03-30T04:00:00+03:00"),
        ],
        id="daily in the spring gap",
    ),
    pytest.param(
        series("2026-10-24T03:30:00", rrule="FREQ=DAILY;COUNT=3"),
        ("2026-10-01", "2026-11-01"),
        (),
        [
            ("2026-10-24T03:30:00", "2026-10-24T03:30:00+03:00", "2026-10-24T04:30:00+03:00"),
            ("2026-10-25T03:30:00", "2026-10-25T03:30:00+03:00", "2026-10-25T04:30:00+02:00"),
            ("2026-10-26T03:30:00", "2026-10-26T03:30:00+02:00", "2026-10-26T04:30:00+02:00"),
        ],
        id="daily in the autumn fold",
    ),
    pytest.param(
        series("2026-01-31T12:00:00", rrule="FREQ=MONTHLY;COUNT=3"),
        ("2026-01-01", "2026-12-31"),
        (),
        [
            ("2026-01-31T12:00:00", "2026-01-31T12:00:00+02:00", "2026-01-31T13:00:00+02:00"),
            ("2026-03-31T12:00:00", "2026-03-31T12:00:00+03:00", "2026-03-31T13:00:00+03:00"),
            ("2026-05-31T12:00:00", "2026-05-31T12:00:00+03:00", "2026-05-31T13:00:00+03:00"),
        ],
        id="monthly on the 31st skips short months",
    ),
    pytest.param(
        series("2028-02-29", rrule="FREQ=YEARLY"),
        ("2028-01-01", "2032-12-31"),
        (),
        [("2028-02-29", "2028-02-29", "2028-03-01"), ("2032-02-29", "2032-02-29", "2032-03-01")],
        id="yearly on a leap day",
    ),
    pytest.param(
        series("2025-06-01", rrule="FREQ=YEARLY;INTERVAL=4"),
        ("2029-01-01", "2034-01-01"),
        (),
        [("2029-06-01", "2029-06-01", "2029-06-02"), ("2033-06-01", "2033-06-01", "2033-06-02")],
        id="council terms every four years",
    ),
    pytest.param(
        series("2026-09-14", "2026-09-17"),
        ("2026-09-16", "2026-09-30"),
        (),
        [("2026-09-14", "2026-09-14", "2026-09-17")],
        id="multi-day all-day seen from its last day",
    ),
    pytest.param(
        series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY;UNTIL=20260405T060000Z"),
        ("2026-03-01", "2026-05-01"),
        (),
        [
            ("2026-03-22T09:00:00", "2026-03-22T09:00:00+02:00", "2026-03-22T10:00:00+02:00"),
            ("2026-03-29T09:00:00", "2026-03-29T09:00:00+03:00", "2026-03-29T10:00:00+03:00"),
            ("2026-04-05T09:00:00", "2026-04-05T09:00:00+03:00", "2026-04-05T10:00:00+03:00"),
        ],
        id="UNTIL in UTC is inclusive",
    ),
    pytest.param(
        series(
            "2026-03-22T09:00:00",
            rrule="FREQ=WEEKLY;COUNT=3",
            exdates=("2026-03-29T09:00:00",),
        ),
        ("2026-03-01", "2026-05-01"),
        (),
        [
            ("2026-03-22T09:00:00", "2026-03-22T09:00:00+02:00", "2026-03-22T10:00:00+02:00"),
            ("2026-04-05T09:00:00", "2026-04-05T09:00:00+03:00", "2026-04-05T10:00:00+03:00"),
        ],
        id="exdate removed",
    ),
    pytest.param(
        series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY;COUNT=3"),
        ("2026-03-01", "2026-04-01"),
        (Override("2026-03-22T09:00:00", start=local("2026-06-01T09:00:00")),),
        [("2026-03-29T09:00:00", "2026-03-29T09:00:00+03:00", "2026-03-29T10:00:00+03:00")],
        id="override moved out of the window",
    ),
    pytest.param(
        series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY;COUNT=3"),
        ("2026-06-01", "2026-06-02"),
        (Override("2026-03-22T09:00:00", start=local("2026-06-01T09:00:00")),),
        [("2026-03-22T09:00:00", "2026-06-01T09:00:00+03:00", "2026-06-01T10:00:00+03:00")],
        id="override moved into the window from far away",
    ),
    pytest.param(
        series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY;COUNT=3"),
        ("2026-04-20", "2026-04-21"),
        (Override("2026-04-05T09:00:00", end=local("2026-04-30T17:00:00")),),
        [("2026-04-05T09:00:00", "2026-04-05T09:00:00+03:00", "2026-04-30T17:00:00+03:00")],
        id="override lengthened into the window",
    ),
    pytest.param(
        series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY;COUNT=2"),
        ("2026-03-01", "2026-05-01"),
        (
            Override("2026-03-22T09:00:00", cancelled=True),
            Override("2026-04-05T09:00:00", start=local("2026-03-25T09:00:00")),
        ),
        [
            ("2026-03-22T09:00:00", "2026-03-22T09:00:00+02:00", "2026-03-22T10:00:00+02:00"),
            ("2026-03-29T09:00:00", "2026-03-29T09:00:00+03:00", "2026-03-29T10:00:00+03:00"),
        ],
        id="cancelled stays, orphaned override is not shown",
    ),
    pytest.param(
        series("2026-03-01T09:00:00", rrule="FREQ=WEEKLY;COUNT=3", zone=NEW_YORK),
        ("2026-03-01", "2026-04-01"),
        (),
        [
            ("2026-03-01T09:00:00", "2026-03-01T09:00:00-05:00", "2026-03-01T10:00:00-05:00"),
            ("2026-03-08T09:00:00", "2026-03-08T09:00:00-04:00", "2026-03-08T10:00:00-04:00"),
            ("2026-03-15T09:00:00", "2026-03-15T09:00:00-04:00", "2026-03-15T10:00:00-04:00"),
        ],
        id="New York changes on its own date",
    ),
]


@pytest.mark.parametrize(("the_series", "window", "overrides", "expected"), EXPAND_CASES)
def test_expand(the_series, window, overrides, expected):
    start = utc(window[0]) if "+" in window[0] else to_utc(local(window[0]), the_series.zone)
    end = utc(window[1]) if "+" in window[1] else to_utc(local(window[1]), the_series.zone)
    found = expand(the_series, start, end, overrides)
    assert [shown(o, the_series.zone) for o in found] == expected
    assert found == sorted(found, key=lambda o: o.start_utc)


def test_cancelled_override_is_marked():
    found = expand(
        series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY;COUNT=2"),
        utc("2026-03-01"),
        utc("2026-05-01"),
        [Override("2026-03-29T09:00:00", cancelled=True)],
    )
    assert [(o.recurrence_id, o.cancelled) for o in found] == [
        ("2026-03-22T09:00:00", False),
        ("2026-03-29T09:00:00", True),
    ]


def test_expand_refuses_more_occurrences_than_the_limit():
    daily = series("2026-01-01T09:00:00", rrule="FREQ=DAILY")
    window = (utc("2026-01-01"), utc("2026-04-11"))  # 100 mornings
    assert len(expand(daily, *window, limit=100)) == 100
    with pytest.raises(TooManyOccurrences):
        expand(daily, *window, limit=99)


# --- to_utc(): RFC 5545 §3.3.5 in Europe/Helsinki -------------------------------------------


@pytest.mark.parametrize(
    ("wall_time", "instant"),
    [
        ("2026-01-15T09:00:00", "2026-01-15T07:00:00+00:00"),
        ("2026-07-15T09:00:00", "2026-07-15T06:00:00+00:00"),
        # Spring: 03:00-03:59 does not exist; read with the offset before the gap (+02:00).
        ("2026-03-29T02:59:00", "2026-03-29T00:59:00+00:00"),
        ("2026-03-29T03:00:00", "2026-03-29T01:00:00+00:00"),
        ("2026-03-29T03:30:00", "2026-03-29T01:30:00+00:00"),
        ("2026-03-29T04:00:00", "2026-03-29T01:00:00+00:00"),
        # Autumn: 03:00-03:59 happens twice; the first (+03:00) is meant.
        ("2026-10-25T02:59:00", "2026-10-24T23:59:00+00:00"),
        ("2026-10-25T03:00:00", "2026-10-25T00:00:00+00:00"),
        ("2026-10-25T03:30:00", "2026-10-25T00:30:00+00:00"),
        ("2026-10-25T04:00:00", "2026-10-25T02:00:00+00:00"),
    ],
)
def test_to_utc_in_gaps_and_folds(wall_time, instant):
    assert to_utc(local(wall_time), HELSINKI) == utc(instant)


@pytest.mark.parametrize(
    ("wall_time", "shown_as"),
    [
        ("2026-03-29T03:30:00", "2026-03-29T04:30:00+03:00"),
        ("2026-10-25T03:30:00", "2026-10-25T03:30:00+03:00"),
        ("2026-10-25T04:30:00", "2026-10-25T04:30:00+02:00"),
    ],
)
def test_with_offset_shows_the_real_instant(wall_time, shown_as):
    assert with_offset(local(wall_time), HELSINKI).isoformat() == shown_as


def test_to_local_of_the_second_pass_through_the_fold():
    assert to_local(utc("2026-10-25T01:30:00"), HELSINKI) == local("2026-10-25T03:30:00")


# --- recurrence ids --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "all_day", "text"),
    [
        (datetime(2027, 10, 6, 9, 0), False, "2027-10-06T09:00:00"),
        (datetime(2027, 10, 6, 9, 0, 5, 123456), False, "2027-10-06T09:00:05"),
        (datetime(2027, 10, 6), True, "2027-10-06"),
        (datetime(2025, 6, 2, 13, 0), True, "2025-06-02"),
    ],
)
def test_format_recurrence_id(value, all_day, text):
    assert format_recurrence_id(value, all_day) == text


@pytest.mark.parametrize(
    ("text", "all_day", "value"),
    [
        ("2027-10-06T09:00:00", False, datetime(2027, 10, 6, 9, 0)),
        ("2027-10-06", True, datetime(2027, 10, 6)),
    ],
)
def test_parse_recurrence_id(text, all_day, value):
    assert parse_recurrence_id(text, all_day) == value


@pytest.mark.parametrize(
    ("text", "all_day"),
    [
        ("2027-10-06T09:00:00+03:00", False),
        ("2027-10-06T09:00:00Z", False),
        ("2027-10-06T09:00", False),
        ("2027-10-06", False),
        ("2027-10-06T09:00:00", True),
        ("2027-13-06", True),
        ("tomorrow", False),
        ("", True),
    ],
)
def test_parse_recurrence_id_refuses(text, all_day):
    with pytest.raises(RecurrenceError):
        parse_recurrence_id(text, all_day)


@pytest.mark.parametrize(
    ("the_series", "recurrence_id", "expected"),
    [
        (series("2026-03-22T09:00:00"), "2026-03-22T09:00:00", True),
        (series("2026-03-22T09:00:00"), "2026-03-29T09:00:00", False),
        (series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY"), "2026-03-29T09:00:00", True),
        (series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY"), "2026-03-29T09:00:01", False),
        (series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY"), "2026-03-15T09:00:00", False),
        (series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY"), "2026-03-29", False),
        (series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY;COUNT=2"), "2026-04-05T09:00:00", False),
        # Not the canonical text of the id.
        (series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY"), "2026-03-29T09:00:00.000", False),
        (series("2026-03-22", rrule="FREQ=WEEKLY"), "2026-03-29", True),
        # Far beyond any window: refused without searching the rule up to it.
        (series("2026-03-22T09:00:00", rrule="FREQ=DAILY"), "9999-12-31T09:00:00", False),
    ],
)
def test_is_occurrence(the_series, recurrence_id, expected):
    assert is_occurrence(the_series, recurrence_id) is expected


# --- validate_series(): spans and refusals ---------------------------------------------------


@pytest.mark.parametrize(
    ("the_series", "span"),
    [
        (
            series("2026-05-04T09:00:00", "2026-05-04T11:30:00"),
            ("2026-05-04T06:00:00+00:00", "2026-05-04T08:30:00+00:00"),
        ),
        (series("2026-06-19"), ("2026-06-18T21:00:00+00:00", "2026-06-19T21:00:00+00:00")),
        (series("2026-01-05T09:00:00", rrule="FREQ=WEEKLY"), ("2026-01-05T07:00:00+00:00", None)),
        (
            series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY;COUNT=3"),
            ("2026-03-22T07:00:00+00:00", "2026-04-05T07:00:00+00:00"),
        ),
        (
            series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY;UNTIL=20260412T060000Z"),
            ("2026-03-22T07:00:00+00:00", "2026-04-12T07:00:00+00:00"),
        ),
        (
            series("2026-01-01", rrule="FREQ=YEARLY;UNTIL=20281231"),
            ("2025-12-31T22:00:00+00:00", "2028-01-01T22:00:00+00:00"),
        ),
        (
            series("2026-01-01T09:00:00", rrule="FREQ=DAILY;UNTIL=99991231"),
            ("2026-01-01T07:00:00+00:00", None),
        ),
        # Over 10 000 occurrences: not counted, UNTIL (the end of that day) bounds the span.
        (
            series("2026-01-01T09:00:00", rrule="FREQ=DAILY;UNTIL=20991231"),
            ("2026-01-01T07:00:00+00:00", "2099-12-31T22:59:59+00:00"),
        ),
        (
            series("2026-01-01T09:00:00", rrule="FREQ=DAILY;UNTIL=20501231"),
            ("2026-01-01T07:00:00+00:00", "2050-12-31T08:00:00+00:00"),
        ),
    ],
)
def test_validate_series_span(the_series, span):
    start, end = validate_series(the_series)
    assert start == utc(span[0])
    assert end == (utc(span[1]) if span[1] else None)


@pytest.mark.parametrize(
    "the_series",
    [
        series("2026-05-04T09:00:00", "2026-05-04T08:00:00"),
        series("2026-05-04T09:00:00", rrule="FREQ=SECONDLY"),
        series("2026-05-04T09:00:00", rrule="FREQ=MINUTELY"),
        series("2026-05-04T09:00:00", rrule="FREQ=HOURLY"),
        series("2026-05-04T09:00:00", rrule="COUNT=3"),
        series("2026-05-04T09:00:00", rrule="FREQ=DAILY;COUNT=3;UNTIL=20270101"),
        series("2026-05-04T09:00:00", rrule="FREQ=DAILY;COUNT=0"),
        series("2026-05-04T09:00:00", rrule="FREQ=DAILY;COUNT=10001"),
        series("2026-05-04T09:00:00", rrule="FREQ=DAILY;INTERVAL=0"),
        series("2026-05-04T09:00:00", rrule="FREQ=DAILY;INTERVAL=-1"),
        series("2026-04-05T09:00:00", rrule="FREQ=YEARLY;BYEASTER=0"),  # Easter Sunday
        series("2026-05-04T09:00:00", rrule="FREQ=DAILY;DTSTART=20260504T090000"),
        series("2026-05-04T09:00:00", rrule="FREQ=DAILY;UNTIL=20260503T000000Z"),
        series("2026-05-04T09:00:00", rrule="FREQ=DAILY;UNTIL=tomorrow"),
        series("2026-05-04T09:00:00", rrule="FREQ=DAILY;BYMONTH=13"),
        series("2026-05-04T09:00:00", rrule="FREQ=WEEKLY;BYDAY=TU"),  # a Monday
        series("2026-05-04T09:00:00", rrule="FREQ=DAILY;BYHOUR=10"),
        series("2026-05-04", rrule="FREQ=DAILY;BYHOUR=10"),
        series("2026-05-04T09:00:00", rrule="FREQ=DAILY;FOO=BAR"),
        series("2026-05-04T09:00:00", rrule="FREQ=DAILY;;COUNT"),
    ],
)
def test_validate_series_refuses(the_series):
    with pytest.raises(RecurrenceError):
        validate_series(the_series)


@pytest.mark.parametrize(
    "rrule",
    [
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=DAILY;BYSETPOS=2",
        "FREQ=WEEKLY;BYYEARDAY=366;BYMONTH=1",
        "FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31",
    ],
)
def test_rule_that_never_matches_is_refused_quickly(rrule):
    began = time.perf_counter()
    with pytest.raises(RecurrenceError):
        validate_series(series("2026-02-28T09:00:00", rrule=rrule))
    assert time.perf_counter() - began < 2


@pytest.mark.parametrize(
    ("start", "rrule"),
    [
        ("2026-10-06T09:00:00", "FREQ=YEARLY;BYMONTH=10;BYDAY=1TU"),
        ("2026-01-30T13:00:00", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("2026-01-30T13:00:00", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"),
        ("2026-05-04T09:00:00", "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("2026-05-04T09:00:00", "FREQ=DAILY;BYHOUR=9,15"),
        ("2028-02-29T09:00:00", "FREQ=YEARLY"),
        ("2399-12-31T09:00:00", "FREQ=WEEKLY"),
        ("2026-12-28T09:00:00", "FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO"),
        ("2026-01-01", "FREQ=YEARLY;INTERVAL=4"),
    ],
)
def test_validate_series_accepts_rules_starting_on_their_first_occurrence(start, rrule):
    start_utc, _ = validate_series(series(start, rrule=rrule))
    assert start_utc == to_utc(local(start), HELSINKI)


# --- orphaned overrides ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("the_series", "recurrence_ids", "orphaned"),
    [
        (
            series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY;COUNT=2"),
            ["2026-03-22T09:00:00", "2026-04-05T09:00:00", "2026-03-29T09:00:00"],
            ["2026-04-05T09:00:00"],
        ),
        (
            series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY", exdates=("2026-03-29T09:00:00",)),
            ["2026-03-29T09:00:00", "2026-04-05T09:00:00"],
            ["2026-03-29T09:00:00"],
        ),
        (
            series("2026-03-22T09:00:00"),
            ["2026-03-29T09:00:00", "2026-03-22T09:00:00", "garbage"],
            ["2026-03-29T09:00:00", "garbage"],
        ),
        (
            series("2026-03-22", rrule="FREQ=WEEKLY"),
            ["2026-03-22T09:00:00", "2026-03-29"],
            ["2026-03-22T09:00:00"],
        ),
        (series("2026-03-22T09:00:00", rrule="FREQ=WEEKLY"), [], []),
    ],
)
def test_orphaned_overrides(the_series, recurrence_ids, orphaned):
    assert orphaned_overrides(the_series, recurrence_ids) == orphaned


# --- properties ------------------------------------------------------------------------------

instants = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31)).map(
    lambda value: value.replace(tzinfo=UTC)
)


@settings(max_examples=150, deadline=None)
@given(day=st.integers(0, 3650), length=st.integers(1, 400))
def test_daily_nine_oclock_helsinki_series_always_shows_nine_oclock(day, length):
    daily = series("2026-01-01T09:00:00", "2026-01-01T10:30:00", rrule="FREQ=DAILY")
    window_start = utc("2026-01-01") + timedelta(days=day)
    found = expand(daily, window_start, window_start + timedelta(days=length))
    assert len(found) == length
    for occurrence in found:
        start = with_offset(occurrence.start, HELSINKI)
        assert start.time().isoformat() == "09:00:00"
        assert start.utcoffset() in (timedelta(hours=2), timedelta(hours=3))
        assert occurrence.end_utc - occurrence.start_utc == timedelta(minutes=90)
        assert occurrence.recurrence_id == start.replace(tzinfo=None).isoformat()


series_strategy = st.builds(
    lambda freq, interval, start, hours, zone: series(
        start.isoformat(),
        (start + timedelta(hours=hours)).isoformat(),
        rrule=f"FREQ={freq};INTERVAL={interval}",
        zone=zone,
    ),
    freq=st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]),
    interval=st.integers(1, 3),
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 1, 1)).map(
        lambda value: value.replace(second=0, microsecond=0)
    ),
    hours=st.integers(0, 50),
    zone=st.sampled_from([HELSINKI, NEW_YORK, ZoneInfo("UTC"), ZoneInfo("Australia/Sydney")]),
)


window_instants = st.datetimes(
    min_value=datetime(2024, 6, 1), max_value=datetime(2029, 12, 31)
).map(lambda value: value.replace(tzinfo=UTC))


@settings(max_examples=150, deadline=None)
@given(the_series=series_strategy, a=window_instants, b=window_instants, c=window_instants)
def test_split_windows_give_the_same_occurrences_as_one(the_series, a, b, c):
    start, split, end = sorted((a, b, c))
    whole = expand(the_series, start, end)
    left = expand(the_series, start, split)
    right = expand(the_series, split, end)
    ids = [o.recurrence_id for o in whole]
    assert len(set(ids)) == len(ids)
    assert {o.recurrence_id for o in left} | {o.recurrence_id for o in right} == set(ids)
    # Only an occurrence running across the split point is in both halves.
    in_right = {o.recurrence_id for o in right}
    for occurrence in left:
        if occurrence.recurrence_id in in_right:
            assert occurrence.start_utc < split < occurrence.end_utc
    assert whole == sorted(whole, key=lambda o: (o.start_utc, o.recurrence_id))


@settings(max_examples=300, deadline=None)
@given(instant=instants, zone=st.sampled_from([HELSINKI, NEW_YORK]))
def test_local_time_round_trip_only_folds_the_repeated_hour(instant, zone):
    back = to_utc(to_local(instant, zone), zone)
    # The second pass through a repeated hour is read as the first.
    assert back in (instant, instant - timedelta(hours=1))


@settings(max_examples=200, deadline=None)
@given(value=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31)))
def test_recurrence_id_round_trip(value):
    assert parse_recurrence_id(format_recurrence_id(value, False), False) == value.replace(
        microsecond=0
    )
    assert parse_recurrence_id(format_recurrence_id(value, True), True) == datetime.combine(
        value.date(), datetime.min.time()
    )
    assert date.fromisoformat(format_recurrence_id(value, True)) == value.date()


# --- the stepped fast path for simple DAILY / WEEKLY rules equals dateutil ----------------------

STEPPED = [
    # DST weeks in Helsinki: spring forward 2027-03-28 03:00, fall back 2027-10-31 04:00.
    series("2027-03-20T09:00:00", rrule="FREQ=DAILY"),
    series("2027-03-21T03:30:00", rrule="FREQ=DAILY"),  # 03:30 on 28 March does not exist
    series("2027-10-24T03:30:00", rrule="FREQ=DAILY"),  # 03:30 on 31 October happens twice
    series("2027-10-25T23:30:00", "2027-10-26T02:00:00", rrule="FREQ=DAILY"),
    series("2027-03-22T03:15:00", rrule="FREQ=WEEKLY"),
    series("2027-10-03T03:45:00", rrule="FREQ=WEEKLY;INTERVAL=4"),
    series("2027-03-01T09:00:00", rrule="FREQ=DAILY;INTERVAL=3"),
    series("2027-03-01T09:00:00", rrule="FREQ=DAILY;INTERVAL=1000"),
    series("2027-03-01T09:00:00.250000", rrule="FREQ=DAILY"),  # dateutil drops microseconds
    series("2027-03-01T09:00:00", rrule="FREQ=DAILY;COUNT=40"),
    series("2027-03-01T09:00:00", rrule="FREQ=WEEKLY;INTERVAL=2;COUNT=5"),
    series("2027-03-01T09:00:00", rrule="FREQ=DAILY;COUNT=1"),
    series("2027-03-01T09:00:00", rrule="FREQ=DAILY;UNTIL=20270401T090000"),  # inclusive
    series("2027-03-01T09:00:00", rrule="FREQ=DAILY;UNTIL=20270401T085959"),
    series("2027-03-01T09:00:00", rrule="FREQ=DAILY;UNTIL=20270401T060000Z"),
    series("2027-03-01T09:00:00", rrule="FREQ=DAILY;UNTIL=20270401T055959Z"),
    series("2027-03-01T09:00:00", rrule="FREQ=WEEKLY;INTERVAL=3;UNTIL=20270601"),
    series("2027-03-01T09:00:00", rrule="rrule:freq=daily;interval=2"),
    series("2027-03-01T09:00:00", rrule="FREQ=DAILY", exdates=("2027-03-29T09:00:00",)),
    series("2027-03-01T09:00:00", rrule="FREQ=DAILY", zone=NEW_YORK),
    series("2027-03-01T02:30:00", rrule="FREQ=DAILY", zone=NEW_YORK),  # gap on 14 March
    # all-day
    series("2027-03-25", rrule="FREQ=DAILY"),
    series("2027-03-25", "2027-03-28", rrule="FREQ=WEEKLY"),
    series("2027-03-25", rrule="FREQ=DAILY;UNTIL=20270410"),
    series("2027-03-25", rrule="FREQ=DAILY;UNTIL=20270410T000000Z"),
    series("2027-03-25", rrule="FREQ=WEEKLY;INTERVAL=2;COUNT=3"),
    # zero length
    series("2027-03-25T12:00:00", "2027-03-25T12:00:00", rrule="FREQ=DAILY"),
]
STEPPED_WINDOWS = [
    (utc("2027-03-01T00:00:00"), utc("2027-12-31T00:00:00")),
    (utc("2027-03-27T00:00:00"), utc("2027-03-30T00:00:00")),
    (utc("2027-10-30T00:00:00"), utc("2027-11-02T00:00:00")),
    (utc("2027-03-29T06:59:59"), utc("2027-03-29T07:00:01")),
    (utc("2027-04-01T05:00:00"), utc("2027-04-01T07:00:00")),
    (utc("2026-01-01T00:00:00"), utc("2026-06-01T00:00:00")),  # before the series
    (utc("2029-01-01T00:00:00"), utc("2029-02-01T00:00:00")),
]


def dateutil_only(monkeypatch) -> None:
    import app.kernel.recurrence as timeline

    monkeypatch.setattr(timeline, "simple_step", lambda series: None)


@pytest.mark.parametrize("the_series", STEPPED)
@pytest.mark.parametrize("window", STEPPED_WINDOWS)
def test_stepped_expansion_equals_dateutil(the_series, window, monkeypatch):
    overrides = [
        Override(recurrence_id=format_recurrence_id(the_series.start, the_series.all_day)),
        Override(recurrence_id="2027-03-28T09:00:00", cancelled=True),
        Override(
            recurrence_id="2027-04-01T09:00:00",
            start=local("2027-06-01T09:00:00"),
            end=local("2027-06-01T10:00:00"),
        ),
    ]
    from app.kernel.recurrence import simple_step

    assert simple_step(the_series) is not None
    fast = expand(the_series, *window, overrides)
    dateutil_only(monkeypatch)
    assert fast == expand(the_series, *window, overrides)


@pytest.mark.parametrize(
    "rrule",
    [
        None,
        "FREQ=MONTHLY",
        "FREQ=YEARLY",
        "FREQ=DAILY;BYHOUR=9,17",
        "FREQ=WEEKLY;BYDAY=MO,WE",
        "FREQ=WEEKLY;WKST=SU",
        "FREQ=DAILY;BYMONTH=3",
        "FREQ=DAILY;BYSETPOS=1",
    ],
)
def test_rules_with_by_parts_keep_dateutil(rrule):
    from app.kernel.recurrence import simple_step

    assert simple_step(series("2027-03-01T09:00:00", rrule=rrule)) is None


@settings(max_examples=150, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31)),
    all_day=st.booleans(),
    freq=st.sampled_from(["DAILY", "WEEKLY"]),
    interval=st.integers(1, 20),
    end=st.one_of(
        st.none(),
        st.integers(1, 300).map(lambda n: f"COUNT={n}"),
        st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 1, 1)).map(
            lambda d: f"UNTIL={d:%Y%m%dT%H%M%S}"
        ),
        st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 1, 1)).map(
            lambda d: f"UNTIL={d:%Y%m%dT%H%M%SZ}"
        ),
        st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 1, 1)).map(
            lambda d: f"UNTIL={d:%Y%m%d}"
        ),
    ),
    zone=st.sampled_from([HELSINKI, NEW_YORK, ZoneInfo("Australia/Sydney")]),
    a=window_instants,
    b=window_instants,
)
def test_stepped_expansion_equals_dateutil_for_any_simple_rule(
    start, all_day, freq, interval, end, zone, a, b
):
    import app.kernel.recurrence as timeline

    first = datetime.combine(start.date(), datetime.min.time()) if all_day else start
    rrule = f"FREQ={freq};INTERVAL={interval}" + (f";{end}" if end else "")
    the_series = Series(
        start=first,
        end=first + (timedelta(days=1) if all_day else timedelta(minutes=45)),
        zone=zone,
        all_day=all_day,
        rrule=rrule,
    )
    low, high = sorted((a, b))
    assert timeline.simple_step(the_series) is not None
    fast = expand(the_series, low, high)
    original = timeline.simple_step
    timeline.simple_step = lambda series: None
    try:
        assert fast == expand(the_series, low, high)
    finally:
        timeline.simple_step = original
