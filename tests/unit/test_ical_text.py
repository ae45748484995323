"""The pure iCal modules: escaping, folding, durations and VTIMEZONE blocks."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.kernel.ical.render import duration, ical_rrule
from app.kernel.ical.text import escape_text, fold, text_line, unescape_text, unfold
from app.kernel.ical.vtimezone import vtimezone

# Any text a user can store: every character except the controls iCal forbids (HTAB allowed).
TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="".join(chr(c) for c in range(32) if c not in (9, 10)) + "\x7f",
    ),
    max_size=400,
)


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_any_text_survives_escape_fold_and_parse(value):
    folded = text_line("DESCRIPTION", value)
    assert all(len(line.encode()) <= 75 for line in folded.split("\r\n"))
    for physical in folded.encode().split(b"\r\n"):
        physical.decode()  # no UTF-8 character is split
    (logical,) = unfold(folded)
    assert unescape_text(logical.split(":", 1)[1]) == value
    # And an independent parser reads the same text back.
    event = icalendar.Event.from_ical("BEGIN:VEVENT\r\n" + folded + "END:VEVENT\r\n")
    assert str(event["DESCRIPTION"]) == value


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("a,b;c\\d", "a\\,b\\;c\\\\d"),
        ("rivi 1\nrivi 2\r\nrivi 3\rrivi 4", "rivi 1\\nrivi 2\\nrivi 3\\nrivi 4"),
        ("Ääni: öljy 🎉", "Ääni: öljy 🎉"),
        ("nul\x00bell\x07", "nulbell"),
    ],
)
def test_escape_table(value, escaped):
    assert escape_text(value) == escaped


def test_fold_never_splits_multibyte_characters():
    for prefix in range(0, 8):
        line = "SUMMARY:" + "x" * prefix + "ä🎉ö" * 40
        out = fold(line)
        parts = out.encode().split(b"\r\n")[:-1]
        assert all(len(p) <= 75 for p in parts)
        assert all(p.startswith(b" ") for p in parts[1:])
        assert "".join(p.decode()[1:] if i else p.decode() for i, p in enumerate(parts)) == line


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(hours=1), "PT1H"),
        (timedelta(days=-1), "-P1D"),
        (timedelta(weeks=2), "P2W"),
        (timedelta(minutes=-90), "-PT1H30M"),
        (timedelta(days=1, seconds=30), "P1DT30S"),
        (timedelta(0), "PT0S"),
    ],
)
def test_durations(delta, text):
    assert duration(delta) == text


@pytest.mark.parametrize(
    ("rule", "all_day", "expected"),
    [
        ("FREQ=WEEKLY;UNTIL=20271115T235959Z", False, "FREQ=WEEKLY;UNTIL=20271115T235959Z"),
        ("FREQ=WEEKLY;UNTIL=20271115T090000", False, "FREQ=WEEKLY;UNTIL=20271115T070000Z"),
        ("FREQ=WEEKLY;UNTIL=20270615", False, "FREQ=WEEKLY;UNTIL=20270615T205959Z"),
        ("FREQ=YEARLY;UNTIL=20300101T120000Z", True, "FREQ=YEARLY;UNTIL=20300101"),
    ],
)
def test_until_takes_the_form_dtstart_requires(rule, all_day, expected):
    assert ical_rrule(rule, "Europe/Helsinki", all_day) == expected


@pytest.mark.parametrize(
    "tzid", ["Europe/Helsinki", "Europe/Stockholm", "America/New_York", "Asia/Tokyo"]
)
def test_vtimezone_agrees_with_the_tz_database(tzid):
    """Every hour of sample years converts the same through the VTIMEZONE as through zoneinfo."""
    calendar = icalendar.Calendar.from_ical(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + vtimezone(tzid) + "\r\nEND:VCALENDAR\r\n"
    )
    zone = calendar.walk("VTIMEZONE")[0].to_tz()
    real = ZoneInfo(tzid)
    years = (1990, 1995, 2000, 2026, 2030) if tzid == "Europe/Helsinki" else (2026, 2030)
    for year in years:
        instant = datetime(year, 1, 1, tzinfo=UTC)
        while instant.year == year:
            assert instant.astimezone(zone).utcoffset() == instant.astimezone(real).utcoffset(), (
                tzid,
                instant,
            )
            instant += timedelta(hours=3)
