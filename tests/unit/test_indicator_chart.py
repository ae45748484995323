"""The indicator trend, its direction-aware status, and the SVG chart with its text
alternative (pure functions, tables of cases)."""

import filecmp
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from app.kernel.indicator_chart import Line, chart, describe, number
from app.kernel.indicator_trend import Point, assessment, series, status, trend

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([7.0], None),
        ([7.0, 7.5], "up"),
        ([7.5, 7.0], "down"),
        ([7.0, 7.02], "flat"),  # within half a per cent
        ([0.0, 0.0], "flat"),
        ([9.0, 1.0, 2.0], "up"),  # only the last step counts
    ],
)
def test_trend(values, expected):
    assert trend([Point(2020 + i, v) for i, v in enumerate(values)]) == expected


def test_series_drops_missing_values_and_orders_by_year():
    assert series([(2022, 3.0), (2020, None), (2021, 2.0)]) == [Point(2021, 2.0), Point(2022, 3.0)]


@pytest.mark.parametrize(
    ("direction", "trend_", "expected"),
    [
        ("higher_is_better", "up", "improving"),
        ("higher_is_better", "down", "worsening"),
        ("lower_is_better", "up", "worsening"),
        ("lower_is_better", "down", "improving"),
        ("lower_is_better", "flat", "stable"),
        ("higher_is_better", None, "unknown"),
    ],
)
def test_assessment_reads_the_trend_against_the_direction(direction, trend_, expected):
    assert assessment(direction, trend_) == expected


@pytest.mark.parametrize(
    ("direction", "latest", "target", "baseline", "expected"),
    [
        ("lower_is_better", 5.0, 5.5, 7.0, "target_met"),
        ("lower_is_better", 5.5, 5.5, 7.0, "target_met"),
        ("lower_is_better", 6.0, 5.5, 7.0, "improving"),
        ("lower_is_better", 7.5, 5.5, 7.0, "worsening"),
        ("lower_is_better", 7.0, 5.5, 7.0, "unchanged"),
        ("higher_is_better", 80.0, 75.0, 60.0, "target_met"),
        ("higher_is_better", 70.0, 75.0, 60.0, "improving"),
        ("higher_is_better", 50.0, 75.0, 60.0, "worsening"),
        ("higher_is_better", 50.0, 75.0, None, "not_met"),
        ("higher_is_better", 50.0, None, None, "no_target"),
        ("higher_is_better", None, 75.0, None, "no_data"),
    ],
)
def test_status_against_the_target(direction, latest, target, baseline, expected):
    assert status(direction, latest, target=target, baseline=baseline) == expected


@pytest.mark.parametrize(
    ("value", "language", "text"),
    [(7.25, "fi", "7,25"), (7.0, "fi", "7"), (12.34, "en", "12.3"), (1234.0, "sv", "1234")],
)
def test_number(value, language, text):
    assert number(value, language) == text


def test_chart_points_and_text_alternative_carry_the_values():
    lines = [
        Line("Oulu", [Point(2020, 8.4), Point(2021, 8.1), Point(2022, 7.9)]),
        Line("Pyhäjärvi", [Point(2020, 6.1), Point(2022, 5.8)]),
    ]
    svg = chart("Lastensuojeluilmoitukset (%)", lines, unit="%", target=5.5, baseline=7.0)
    tree = ElementTree.fromstring(svg)
    assert tree.get("role") == "img"
    read = [(c.get("data-region"), int(c.get("data-year")), float(c.get("data-value")))
            for c in tree.iter(f"{SVG}circle")]  # fmt: skip
    assert read == [(line.label, p.year, p.value) for line in lines for p in line.points]
    desc = tree.find(f"{SVG}desc").text
    assert desc == describe("Lastensuojeluilmoitukset (%)", lines, "fi", "%")
    assert "Oulu: 2020: 8,4 %, 2021: 8,1 %, 2022: 7,9 %" in desc
    # A higher value is drawn higher (smaller y); the target line lies below the baseline's.
    ys = {(c.get("data-region"), c.get("data-year")): float(c.get("cy"))
          for c in tree.iter(f"{SVG}circle")}  # fmt: skip
    assert ys[("Oulu", "2020")] < ys[("Oulu", "2022")] < ys[("Pyhäjärvi", "2020")]
    target = next(x for x in tree.iter(f"{SVG}line") if x.get("class") == "target")
    baseline = next(x for x in tree.iter(f"{SVG}line") if x.get("class") == "baseline")
    assert float(target.get("y1")) > float(baseline.get("y1"))
    # Each region has its own dash pattern as well as its colour (readable in black and white).
    dashes = [p.get("stroke-dasharray") for p in tree.iter(f"{SVG}polyline")]
    assert len(set(dashes)) == 2


def test_chart_without_values_says_so():
    svg = chart("Tyhjä", [], language="en")
    assert "No values." in svg
    assert not re.search(r"<circle", svg)


def test_the_demo_copy_of_the_fixtures_is_the_tests():
    compared = filecmp.dircmp(ROOT / "tests/support/sotkanet", ROOT / "app/demo/sotkanet")
    assert compared.left_only == ["README.md", "faults.json"]
    assert not compared.right_only and not compared.diff_files
    for sub in ("indicators", "values"):
        assert not compared.subdirs[sub].diff_files
        assert not compared.subdirs[sub].left_only and not compared.subdirs[sub].right_only
