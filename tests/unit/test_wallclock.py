"""Wall times around DST switches, RRULE parts named twice, and the import caps (pure kernel)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.kernel.ical.parse import CalendarTooLarge, Caps, parse_calendar
from app.kernel.recurrence import repeated_part
from app.kernel.wallclock import in_gap, out_of_gap, repeated

HELSINKI = ZoneInfo("Europe/Helsinki")
T = datetime.fromisoformat


@pytest.mark.parametrize(
    ("local", "gap", "repeat"),
    [
        ("2027-03-28T02:59:59", False, False),
        ("2027-03-28T03:00:00", True, False),
        ("2027-03-28T03:30:00", True, False),
        ("2027-03-28T04:00:00", False, False),
        ("2027-10-31T02:59:59", False, False),
        ("2027-10-31T03:00:00", False, True),
        ("2027-10-31T03:59:59", False, True),
        ("2027-10-31T04:00:00", False, False),
        ("2026-03-29T03:30:00", True, False),
        ("2026-10-25T03:30:00", False, True),
        ("2027-03-29T03:30:00", False, False),
    ],
)
def test_gap_and_repeat(local, gap, repeat):
    assert (in_gap(T(local), HELSINKI), repeated(T(local), HELSINKI)) == (gap, repeat)


@pytest.mark.parametrize(
    ("start", "end", "moved"),
    [
        # The start leaves the gap with its duration; the end alone moves to the same instant.
        ("2027-03-28T03:30", "2027-03-28T04:30", ("2027-03-28T04:30", "2027-03-28T05:30")),
        ("2027-03-28T03:00", "2027-03-28T03:45", ("2027-03-28T04:00", "2027-03-28T04:45")),
        ("2027-03-28T02:30", "2027-03-28T03:30", ("2027-03-28T02:30", "2027-03-28T04:30")),
        ("2027-10-31T03:30", "2027-10-31T04:30", ("2027-10-31T03:30", "2027-10-31T04:30")),
        ("2027-06-01T03:30", "2027-06-01T04:30", ("2027-06-01T03:30", "2027-06-01T04:30")),
    ],
)  # fmt: skip
def test_out_of_gap(start, end, moved):
    assert out_of_gap(T(start), T(end), HELSINKI) == (T(moved[0]), T(moved[1]))


@pytest.mark.parametrize(
    ("rule", "part"),
    [
        ("FREQ=DAILY;FREQ=YEARLY", "FREQ"),
        ("freq=weekly;byday=MO;BYDAY=TU", "BYDAY"),
        ("RRULE:FREQ=DAILY;COUNT=2;INTERVAL=2;COUNT=3", "COUNT"),
        ("FREQ=DAILY;;COUNT=2", None),
        ("FREQ=YEARLY;BYMONTH=1,2", None),
    ],
)
def test_repeated_part(rule, part):
    assert repeated_part(rule) == part


def _file(properties: int, components: int = 1) -> bytes:
    event = (
        "BEGIN:VEVENT\r\nUID:u{n}\r\nDTSTART:20270101T100000Z\r\n"
        + "".join(f"X-P-{i}:{i}\r\n" for i in range(properties - 2))
        + "END:VEVENT\r\n"
    )
    body = "".join(event.format(n=n) for n in range(components))
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n".encode()


@pytest.mark.parametrize(
    ("data", "caps", "cap"),
    [
        (_file(11), Caps(properties=10), "properties"),
        (_file(10), Caps(properties=10), None),
        (_file(3, components=4), Caps(components=3), "components"),
        (_file(3, components=3), Caps(components=3), None),
    ],
)
def test_caps(data, caps, cap):
    if cap is None:
        imported, rejected = parse_calendar(data, caps=caps)
        assert len(imported) + len(rejected) >= 1
        return
    with pytest.raises(CalendarTooLarge) as raised:
        parse_calendar(data, caps=caps)
    assert raised.value.cap == cap
