"""The wheel's pure parts by tables of cases: angles, lanes, labels, colours."""

from datetime import date, datetime
from itertools import pairwise

import pytest

from app.kernel.wheel.geometry import angle_at, angle_of, iso_weeks, month_starts, point
from app.kernel.wheel.labels import fit, flipped, xml_text
from app.kernel.wheel.lanes import assign_lanes
from app.kernel.wheel.palette import OKABE_ITO, colours_for, text_on
from app.kernel.wheel.text import when

DASH = "\u2013"
CALENDAR_YEAR = month_starts(date(2027, 1, 1))
SCHOOL_YEAR = month_starts(date(2026, 8, 1))


@pytest.mark.parametrize(
    ("starts", "local", "angle"),
    [
        (CALENDAR_YEAR, datetime(2027, 1, 1), 0.0),
        (CALENDAR_YEAR, datetime(2027, 2, 1), 30.0),
        (CALENDAR_YEAR, datetime(2027, 2, 15), 45.0),  # February has 28 days
        (CALENDAR_YEAR, datetime(2027, 12, 31, 12), 360 - 30 * 12 / (31 * 24)),
        (CALENDAR_YEAR, datetime(2028, 1, 1), 360.0),
        (CALENDAR_YEAR, datetime(2026, 12, 31), 0.0),  # before: clamped
        # The DST days: wall time, not elapsed time (March 2027 has 31 days of 24 wall hours).
        (CALENDAR_YEAR, datetime(2027, 3, 28, 3), 60 + 30 * (27 * 24 + 3) / (31 * 24)),
        (CALENDAR_YEAR, datetime(2027, 3, 28, 4), 60 + 30 * (27 * 24 + 4) / (31 * 24)),
        (CALENDAR_YEAR, datetime(2027, 10, 31, 3), 270 + 30 * (30 * 24 + 3) / (31 * 24)),
        (SCHOOL_YEAR, datetime(2026, 8, 1), 0.0),
        (SCHOOL_YEAR, datetime(2026, 12, 16, 12), 120 + 15.0),
        (SCHOOL_YEAR, datetime(2027, 1, 1), 150.0),
        (SCHOOL_YEAR, datetime(2027, 7, 31), 330 + 30 * 30 / 31),
    ],
)
def test_angle_of_a_local_time(starts, local, angle):
    assert angle_of(local, starts) == pytest.approx(angle)


@pytest.mark.parametrize("angle", [0.0, 12.5, 90.0, 179.9, 180.0, 270.0, 359.0])
def test_point_and_angle_at_are_inverse(angle):
    x, y = point(angle, 100, 200, 200)
    assert angle_at(x, y, 200, 200) == pytest.approx(angle % 360, abs=1e-9)


def test_iso_weeks_cover_the_year_with_their_numbers():
    weeks = iso_weeks(CALENDAR_YEAR)
    assert weeks[0] == (53, datetime(2027, 1, 1), datetime(2027, 1, 4))
    assert weeks[1][0] == 1 and weeks[-1][0] == 52
    assert all(a[2] == b[1] for a, b in pairwise(weeks))


@pytest.mark.parametrize(
    ("spans", "lanes", "count"),
    [
        ([], [], 0),
        ([(0, 10)], [0], 1),
        ([(0, 10), (20, 30)], [0, 0], 1),
        ([(0, 10), (5, 15)], [0, 1], 2),
        ([(0, 10), (5, 15), (12, 20)], [0, 1, 0], 2),
        ([(0, 100), (10, 20), (15, 25), (30, 40)], [0, 1, 2, 1], 3),
        ([(0, 10), (10, 20)], [0, 1], 2),  # touching items keep a visible gap
    ],
)
def test_lanes(spans, lanes, count):
    assert assign_lanes(spans) == (lanes, count)


@pytest.mark.parametrize(
    ("text", "width", "font", "fitted"),
    [
        ("Hyvinvointifoorumi", 200, 10, "Hyvinvointifoorumi"),
        ("Hyvinvointifoorumi", 57, 10, "Hyvinvoin…"),  # room for 10 characters
        ("Hyvinvointifoorumi", 10, 10, ""),
        ("Tilannekuva  \n seminaari", 500, 10, "Tilannekuva seminaari"),
        ("Ohjausryhmä kokous", 62, 10, "Ohjausryhmä"[:10] + "…"),
    ],
)
def test_fit_shortens_with_an_ellipsis(text, width, font, fitted):
    assert fit(text, width, font) == fitted


@pytest.mark.parametrize(
    ("start", "end", "upside_down"),
    [(0, 30, False), (60, 100, False), (100, 130, True), (170, 200, True), (260, 290, False)],
)
def test_labels_flip_on_the_lower_half(start, end, upside_down):
    assert flipped(start, end) is upside_down


def test_xml_text_escapes_and_drops_what_xml_forbids():
    assert xml_text("a & <b> \"c\" 'd'\x00\x1f") == "a &amp; &lt;b&gt; &quot;c&quot; &#39;d&#39;"


def test_default_colours_are_okabe_ito_and_the_network_choice_wins():
    colours = colours_for(["b", "a", "c"], {"b": "#123456"})
    assert colours == {"a": OKABE_ITO[0], "b": "#123456", "c": OKABE_ITO[1]}
    assert len(set(colours_for([str(i) for i in range(7)], {}).values())) == 7


@pytest.mark.parametrize(
    ("colour", "text"), [("#F0E442", "#000000"), ("#000000", "#FFFFFF"), ("#E69F00", "#000000")]
)
def test_text_contrasts_with_its_colour(colour, text):
    assert text_on(colour) == text


@pytest.mark.parametrize(
    ("start", "end", "all_day", "shown"),
    [
        (
            datetime(2027, 10, 6, 9),
            datetime(2027, 10, 6, 12),
            False,
            ("6.10.2027", f"09:00{DASH}12:00"),
        ),
        (datetime(2027, 5, 3), datetime(2027, 5, 4), True, ("3.5.2027", "koko päivä")),
        (
            datetime(2027, 5, 3),
            datetime(2027, 5, 6),
            True,
            (f"3.5.2027{DASH}5.5.2027", "koko päivä"),
        ),
        (datetime(2027, 11, 30, 16), datetime(2027, 11, 30, 16), False, ("30.11.2027", "16:00")),
    ],
)
def test_when_reads_like_a_person_writes(start, end, all_day, shown):
    assert when(start, end, all_day, "fi") == shown
