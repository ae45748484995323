"""Tests on the SVG itself: parse the document and check what a reader of the picture sees."""

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta

import pytest

from app.kernel.wheel.geometry import angle_at, month_index, month_starts
from app.kernel.wheel.model import Item, Ring, Wheel
from app.kernel.wheel.svg import render
from app.kernel.wheel.table import by_month

NS = {"s": "http://www.w3.org/2000/svg"}
SIZE = 800
RINGS = [Ring("seminars", "Seminaarit"), Ring("decisions", "Päätökset")]
_POINT = re.compile(r"M(-?[\d.]+) (-?[\d.]+)")
_SECOND = re.compile(r"A[\d.]+ [\d.]+ 0 [01] 1 (-?[\d.]+) (-?[\d.]+)")


def wheel(items, first=date(2027, 1, 1), **kwargs):
    return Wheel(first, "Testiverkosto", "fi", SIZE, RINGS, items, [("x", "#E69F00")], **kwargs)


def item(n, start, end=None, kind="event", ring="seminars", title=None, all_day=False):
    return Item(
        key=f"{kind}:{n}",
        kind=kind,
        title=title or f"Kohde {n}",
        start=start,
        end=end or (start if kind != "event" else start + timedelta(hours=2)),
        all_day=all_day,
        ring=ring,
        colour="#56B4E9",
    )


def items_of(svg: str) -> list[ET.Element]:
    return ET.fromstring(svg).findall(".//s:g[@class]", NS)


def drawn(svg: str) -> dict[str, ET.Element]:
    found = {}
    for g in items_of(svg):
        if "item" in g.get("class", "").split():
            assert g.get("data-key") not in found, "an item drawn twice"
            found[g.get("data-key")] = g
    return found


def first_angle(g: ET.Element) -> float:
    x, y = _POINT.match(g.find("s:path[@class='shape']", NS).get("d")).groups()
    return angle_at(float(x), float(y), SIZE / 2, SIZE / 2)


def hourly(first: datetime, hours: int, kind="event"):
    return [item(i, first + timedelta(hours=i), kind=kind) for i in range(hours)]


def test_the_document_is_accessible_and_self_contained():
    svg = render(wheel([item(1, datetime(2027, 10, 6, 9), title="Tilannekuvaseminaari")]))
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "wheel-title wheel-desc"
    assert root.find("s:title", NS).text.startswith("Vuosikello: Testiverkosto")
    assert "1 kohdetta" in root.find("s:desc", NS).text
    # Nothing outside the document: no external href, stylesheet, font or image.
    hrefs = [e.get("href") for e in root.iter() if e.get("href")]
    assert hrefs and all(h.startswith("#") for h in hrefs)
    assert "@import" not in svg and "url(" not in svg and "<image" not in svg


def test_every_occurrence_appears_once_with_its_title():
    items = [
        item(1, datetime(2027, 10, 6, 9), title="Hyvinvoinnin tilannekuvaseminaari"),
        item(
            2,
            datetime(2027, 11, 30, 16),
            kind="deadline",
            ring="decisions",
            title="Talousarvio & <päätös>",
        ),
        item(3, datetime(2027, 10, 1), kind="milestone", ring="decisions", title="LAVA valmis"),
        item(4, datetime(2027, 5, 3), datetime(2027, 5, 31), all_day=True, title="Seuranta"),
        item(5, datetime(2027, 9, 20, 8), kind="task", title="Varaa tila"),
    ]
    found = drawn(render(wheel(items)))
    assert set(found) == {i.key for i in items}
    for one in items:
        title = found[one.key].find("s:title", NS).text
        assert title.startswith(one.title + ", ")
        ring = next(r.label for r in RINGS if r.key == one.ring)
        assert title.endswith(ring)
        assert found[one.key].get("data-kind") == one.kind


@pytest.mark.parametrize("kind", ["event", "deadline"])
@pytest.mark.parametrize(
    ("first", "week"),
    [
        (date(2027, 1, 1), datetime(2027, 3, 25)),  # spring gap 2027-03-28 03:00-04:00
        (date(2027, 1, 1), datetime(2027, 10, 28)),  # autumn repeat 2027-10-31 03:00-04:00
        (date(2026, 8, 1), datetime(2026, 10, 22)),  # a school year: autumn 2026-10-25
        (date(2026, 8, 1), datetime(2027, 3, 25)),
    ],
)
def test_items_sit_in_their_months_angle_range(first, week, kind):
    items = hourly(week, 7 * 24, kind=kind)
    starts = month_starts(first)
    found = drawn(render(wheel(items, first=first)))
    previous = -1.0
    for one in items:  # in time order
        month = month_index(one.start, starts)
        angle = first_angle(found[one.key])
        # Coordinates have two decimals: 0.01 degree is far below an hour (0.04 degree).
        assert 30 * month - 0.01 <= angle <= 30 * (month + 1) + 0.01, (one.start, angle)
        assert angle > previous, "time runs clockwise, also across the DST change"
        previous = angle


def test_a_year_starting_in_august_puts_august_at_the_top():
    items = [item(m, datetime(2026 + (m < 8), m, 15, 12)) for m in range(1, 13)]
    found = drawn(render(wheel(items, first=date(2026, 8, 1))))
    for one in items:
        expected = ((one.start.month - 8) % 12) * 30 + 15
        assert first_angle(found[one.key]) == pytest.approx(expected, abs=1.0)
    months = [
        t.text
        for t in ET.fromstring(render(wheel(items, first=date(2026, 8, 1)))).findall(
            ".//s:g[@class='months']//s:textPath", NS
        )
    ]
    assert months[0] == "elokuu 2026" and months[5] == "tammikuu 2027"


def test_an_event_arc_ends_at_its_end():
    one = item(1, datetime(2027, 5, 1), datetime(2027, 6, 1), all_day=True)
    g = drawn(render(wheel([one])))[one.key]
    x, y = _SECOND.search(g.find("s:path[@class='shape']", NS).get("d")).groups()
    assert angle_at(float(x), float(y), SIZE / 2, SIZE / 2) == pytest.approx(150.0, abs=1e-3)


def test_overlapping_items_get_different_lanes():
    items = [
        item(1, datetime(2027, 10, 5), datetime(2027, 10, 9), all_day=True),
        item(2, datetime(2027, 10, 6, 9)),
        item(3, datetime(2027, 10, 7, 12)),
        item(4, datetime(2027, 12, 1, 9)),  # alone: back in the first lane
        item(5, datetime(2027, 10, 6, 9), ring="decisions"),  # another ring, its own lanes
    ]
    found = drawn(render(wheel(items)))
    lanes = {key: int(g.get("data-lane")) for key, g in found.items()}
    assert len({lanes["event:1"], lanes["event:2"], lanes["event:3"]}) == 3
    assert lanes["event:4"] == 0 and lanes["event:5"] == 0
    # Different lanes are different radii: the outlines start at different distances.
    radii = set()
    for key in ("event:1", "event:2", "event:3"):
        x, y = _POINT.match(found[key].find("s:path", NS).get("d")).groups()
        radii.add(round(((float(x) - SIZE / 2) ** 2 + (float(y) - SIZE / 2) ** 2) ** 0.5, 1))
    assert len(radii) == 3


def test_one_day_items_keep_a_minimum_visible_span():
    one = item(1, datetime(2027, 6, 10, 9), datetime(2027, 6, 10, 9, 30))
    d = drawn(render(wheel([one])))[one.key].find("s:path", NS).get("d")
    start = angle_at(*map(float, _POINT.match(d).groups()), SIZE / 2, SIZE / 2)
    end = angle_at(*map(float, _SECOND.search(d).groups()), SIZE / 2, SIZE / 2)
    assert end - start >= 1.0


def test_labels_are_shortened_and_flipped_on_the_lower_half():
    long_title = "Pohjois-Pohjanmaan hyvinvointifoorumi ja sen jälkeinen verkostotapaaminen"
    top = item(1, datetime(2027, 1, 10), datetime(2027, 1, 12), all_day=True, title=long_title)
    bottom = item(2, datetime(2027, 7, 10), datetime(2027, 7, 12), all_day=True, title=long_title)
    found = drawn(render(wheel([top, bottom])))
    for one, reversed_arc in ((top, False), (bottom, True)):
        text = "".join(found[one.key].find(".//s:textPath", NS).itertext())
        assert text.endswith("…") and long_title.startswith(text[:-1])
        label_path = found[one.key].findall("s:path", NS)[1].get("d")
        sweep = re.search(r"A[\d.]+ [\d.]+ 0 [01] ([01])", label_path).group(1)
        assert (sweep == "0") is reversed_arc  # sweep flag 0: counter-clockwise


def test_titles_are_escaped():
    evil = item(1, datetime(2027, 2, 2, 9), title='</title><script>alert("x")</script> & co')
    svg = render(wheel([evil]))
    assert "<script>" not in svg
    assert drawn(svg)[evil.key].find("s:title", NS).text.startswith(evil.title)


def test_today_line_sits_at_today_and_only_within_the_wheel():
    today = datetime(2027, 3, 16, 12)
    root = ET.fromstring(render(wheel([], today=today)))
    line = root.find(".//s:g[@class='today']/s:line", NS)
    x, y = float(line.get("x2")), float(line.get("y2"))
    assert angle_at(x, y, SIZE / 2, SIZE / 2) == pytest.approx(60 + 15.5 * 30 / 31, abs=0.01)
    outside = ET.fromstring(render(wheel([], today=datetime(2028, 3, 1))))
    assert outside.find(".//s:g[@class='today']", NS) is None


def test_rings_and_legend_are_labelled():
    root = ET.fromstring(render(wheel([])))
    ring_labels = [t.text for t in root.findall(".//s:g[@class='ring-labels']/s:text", NS)]
    assert "Seminaarit" in ring_labels and "Päätökset" in ring_labels
    legend = [t.text for t in root.findall(".//s:g[@class='legend']/s:text", NS)]
    assert legend[0] == "Selite" and {"x", "tapahtuma", "määräaika", "välitavoite"} <= set(legend)


def test_the_text_alternative_lists_the_same_items():
    decision = item(100, datetime(2027, 11, 30, 16), kind="deadline", ring="decisions")
    items = [*hourly(datetime(2027, 3, 30), 60), decision]
    w = wheel(items)
    months = by_month(w)
    assert [m for m, _ in months][:3] == ["tammikuu 2027", "helmikuu 2027", "maaliskuu 2027"]
    listed = [row.item.key for _, rows in months for row in rows]
    assert sorted(listed) == sorted(drawn(render(w)))
    march = dict(months)["maaliskuu 2027"]
    assert len(march) == 48 and all(r.date.split("\u2013")[0].endswith(".3.2027") for r in march)


def test_interactive_items_link_to_their_row():
    w = wheel([item(1, datetime(2027, 4, 1, 9))], interactive=True)
    root = ET.fromstring(render(w))
    assert root.get("role") == "group"
    link = root.find(".//s:a", NS)
    (_, rows), *_ = [m for m in by_month(w) if m[1]]
    assert link.get("href") == "#" + rows[0].anchor
    assert link.get("aria-label").startswith("Kohde 1, 1.4.2027")
