"""One self-contained SVG of a wheel: months, ISO weeks, rings with lanes, items, today, legend.

No external CSS, fonts or images: the document views alike in a browser, an <img>, CairoSVG
or a file viewer. Every item is a <g class="item"> with its own <title> (title, time, ring).
"""

from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from app.kernel.wheel import shapes
from app.kernel.wheel.geometry import (
    angle_of,
    arc_length,
    degrees_for,
    iso_weeks,
    month_starts,
    point,
)
from app.kernel.wheel.labels import fit, flipped, text_width, xml_text
from app.kernel.wheel.lanes import assign_lanes
from app.kernel.wheel.model import MARKS, Wheel
from app.kernel.wheel.palette import text_on
from app.kernel.wheel.table import Row, rows
from app.kernel.wheel.text import MONTHS, day, word

MAX_LANE_PX = 30.0
MIN_SPAN_DEGREES = 1.2  # a one-day item stays visible (a day is about 1 degree)
FONT = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"
DARK = "#1A1A1A"
STYLE = (
    ".item .shape{stroke:#FFFFFF;stroke-width:.6}"
    ".item.cancelled .shape{fill-opacity:.35;stroke:#555555;stroke-dasharray:2 1.5}"
    "a:focus .shape,a:hover .shape{stroke:#000000;stroke-width:2.5}"
    "a:focus{outline:none}"
)


@dataclass(frozen=True)
class Layout:
    size: int
    centre: float
    outer: float
    month_inner: float
    week_inner: float
    rings_outer: float
    hub: float

    @classmethod
    def of(cls, size: int) -> "Layout":
        centre = size / 2
        outer = centre - 6
        month_inner = outer - max(18.0, size * 0.045)
        week_inner = month_inner - max(11.0, size * 0.024)
        return cls(size, centre, outer, month_inner, week_inner, week_inner - 4, size * 0.12)


def _spans(wheel: Wheel, starts: list[datetime], ordered: list[Row]) -> list[tuple[float, float]]:
    spans = []
    for row in ordered:
        item = row.item
        a0 = angle_of(item.start, starts)
        a1 = angle_of(item.end, starts) if item.kind not in MARKS else a0
        if a1 - a0 < MIN_SPAN_DEGREES:
            if item.kind in MARKS:
                a0, a1 = a0 - MIN_SPAN_DEGREES / 2, a0 + MIN_SPAN_DEGREES / 2
            else:
                a1 = a0 + MIN_SPAN_DEGREES
        spans.append((a0, a1))
    return spans


def render(wheel: Wheel) -> str:
    """The wheel as SVG text."""
    lay = Layout.of(wheel.size)
    starts = month_starts(wheel.first)
    ordered = rows(wheel)
    legend = _legend(wheel, lay)
    height = wheel.size + legend[1]
    title = f"{word(wheel.lang, 'wheel')}: {wheel.title}"
    period = f"{MONTHS[wheel.lang][starts[0].month - 1]} {starts[0].year} \u2013 "
    period += f"{MONTHS[wheel.lang][starts[11].month - 1]} {starts[11].year}"
    rings_text = ", ".join(r.label for r in wheel.rings) or word(wheel.lang, "none")
    summary = word(wheel.lang, "summary").format(
        n=len(ordered), start=day(starts[0]), end=day(starts[12]), rings=rings_text
    )
    role = 'role="group"' if wheel.interactive else 'role="img"'
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{wheel.size}" height="{height}" '
        f'viewBox="0 0 {wheel.size} {height}" {role} lang="{wheel.lang}" '
        f'aria-labelledby="wheel-title wheel-desc" font-family="{FONT}">',
        f'<title id="wheel-title">{xml_text(title)} ({xml_text(period)})</title>',
        f'<desc id="wheel-desc">{xml_text(summary)}</desc>',
        f"<style>{STYLE}</style>",
        f'<rect width="{wheel.size}" height="{height}" fill="#FFFFFF"/>',
    ]
    out += _months(wheel, lay, starts)
    out += _weeks(wheel, lay, starts)
    out += _items(wheel, lay, starts, ordered)
    out += _hub(wheel, lay, period)
    out += _today(wheel, lay, starts)
    out += legend[0]
    out.append("</svg>")
    return "\n".join(out)


def _months(wheel: Wheel, lay: Layout, starts: list[datetime]) -> list[str]:
    c = lay.centre
    out = ['<g class="months" aria-hidden="true">']
    font = max(10.0, wheel.size * 0.02)
    for index in range(12):
        a0, a1 = index * 30.0, (index + 1) * 30.0
        shade = "#F2F2F2" if index % 2 == 0 else "#FFFFFF"
        out.append(f'<path d="{shapes.band(a0, a1, lay.week_inner, lay.hub, c)}" fill="{shade}"/>')
        out.append(
            f'<path d="{shapes.band(a0, a1, lay.outer, lay.month_inner, c)}" '
            f'fill="#3A3A3A" stroke="#FFFFFF" stroke-width="1"/>'
        )
        reverse = flipped(a0, a1)
        middle = (lay.outer + lay.month_inner) / 2
        baseline = middle + font * 0.35 if reverse else middle - font * 0.35
        out.append(
            f'<path id="month-{index}" d="{shapes.arc(a0, a1, baseline, c, reverse=reverse)}" '
            'fill="none"/>'
        )
        name = MONTHS[wheel.lang][starts[index].month - 1]
        if starts[index].month == 1 or index == 0:
            name += f" {starts[index].year}"
        name = fit(name, arc_length(middle, 30) - 8, font)
        out.append(
            f'<text font-size="{font:.1f}" fill="#FFFFFF" text-anchor="middle">'
            f'<textPath href="#month-{index}" startOffset="50%">{xml_text(name)}'
            "</textPath></text>"
        )
        first, last = shapes.spoke(a0, lay.hub, lay.week_inner, c)
        out.append(f'<line {first} {last} stroke="#9A9A9A" stroke-width="1"/>')
    out.append("</g>")
    return out


def _weeks(wheel: Wheel, lay: Layout, starts: list[datetime]) -> list[str]:
    c = lay.centre
    font = (lay.month_inner - lay.week_inner) * 0.62
    middle = (lay.month_inner + lay.week_inner) / 2
    out = ['<g class="weeks" aria-hidden="true" fill="#333333">']
    for number, begin, end in iso_weeks(starts):
        a0, a1 = angle_of(begin, starts), angle_of(end, starts)
        first, last = shapes.spoke(a0, lay.week_inner, lay.month_inner, c)
        out.append(f'<line {first} {last} stroke="#BBBBBB" stroke-width=".6"/>')
        if arc_length(middle, a1 - a0) < text_width("00", font):
            continue
        angle = (a0 + a1) / 2
        x, y = point(angle, middle, c, c)
        turn = angle + 180 if 90 < angle < 270 else angle
        out.append(
            f'<text x="{x:.2f}" y="{y:.2f}" font-size="{font:.1f}" text-anchor="middle" '
            f'dominant-baseline="central" transform="rotate({turn:.2f} {x:.2f} {y:.2f})">'
            f"{number}</text>"
        )
    out.append("</g>")
    return out


def _items(wheel: Wheel, lay: Layout, starts: list[datetime], ordered: list[Row]) -> list[str]:
    c = lay.centre
    spans = _spans(wheel, starts, ordered)
    count = max(len(wheel.rings), 1)
    gap = 4.0
    thickness = (lay.rings_outer - lay.hub - 4 - gap * (count - 1)) / count
    out = []
    labels_out = ['<g class="ring-labels" aria-hidden="true">']
    for position, ring in enumerate(wheel.rings):
        ring_outer = lay.rings_outer - position * (thickness + gap)
        members = [i for i, row in enumerate(ordered) if row.item.ring == ring.key]
        lanes, lane_count = assign_lanes([spans[i] for i in members])
        lane_px = min(thickness / max(lane_count, 1), MAX_LANE_PX)
        # Few lanes sit in the middle of their ring rather than along its outer edge.
        ring_top = ring_outer - (thickness - lane_px * max(lane_count, 1)) / 2
        font = min(12.0, lane_px * 0.6, wheel.size * 0.016)
        by_lane: dict[int, list[int]] = {}
        for member, lane in zip(members, lanes, strict=True):
            by_lane.setdefault(lane, []).append(member)
        next_start = {}
        for lane_members in by_lane.values():
            lane_members.sort(key=lambda i: spans[i][0])
            for here, after in pairwise(lane_members):
                next_start[here] = spans[after][0]
        out.append(f'<g class="ring" data-ring="{xml_text(ring.key)}" data-lanes="{lane_count}">')
        for member, lane in zip(members, lanes, strict=True):
            top = ring_top - lane * lane_px
            bottom = top - lane_px + min(1.0, lane_px * 0.15)
            room = next_start.get(member, 360.0)
            out.append(
                _item(wheel, ordered[member], spans[member], lane, top, bottom, font, room, c)
            )
        out.append("</g>")
        out.append(
            f'<circle cx="{c:.2f}" cy="{c:.2f}" r="{ring_outer + gap / 2:.2f}" '
            'fill="none" stroke="#C8C8C8" stroke-width="1"/>'
        )
        label_font = max(9.0, min(12.0, wheel.size * 0.015))
        y = c - (ring_outer - thickness / 2)
        text = fit(ring.label, lay.size * 0.25, label_font)
        labels_out += _haloed(c + 4, y, label_font, text, 'font-weight="bold"')
    labels_out.append("</g>")
    return ['<g class="items">', *out, "</g>", *labels_out]


def _item(
    wheel: Wheel,
    row: Row,
    span: tuple[float, float],
    lane: int,
    top: float,
    bottom: float,
    font: float,
    room: float,
    c: float,
) -> str:
    item = row.item
    a0, a1 = span
    if item.kind in MARKS:
        anchor = (a0 + a1) / 2
        half = min((top - bottom) * 0.5, 7.0)
        # Marks keep their shape however thick the lane: at most 18 px tall, centred.
        shrink = max(0.0, (top - bottom) - 18.0) / 2
        top, bottom = top - shrink, bottom + shrink
        shape = shapes.mark(item.kind, anchor, top, bottom, half, c)
        end = anchor + degrees_for(half + 2, (top + bottom) / 2)
    else:
        shape = shapes.band(a0, a1, top, bottom, c)
        end = a1
    status = " cancelled" if item.status == "cancelled" else ""
    tooltip = f"{item.title}, {row.date} {row.time}, {row.ring}"
    if item.status:
        tooltip += f" ({item.status})"
    path = f'<path class="shape" d="{shape}" fill="{item.colour}"/>'
    if wheel.interactive:
        # The link holds the shape only: its name is the full tooltip, and the shortened
        # visible label stays outside it (a name must contain a link's visible text).
        path = f'<a href="#{row.anchor}" aria-label="{xml_text(tooltip)}">{path}</a>'
    parts = [
        f'<g class="item k-{item.kind}{status}" data-kind="{item.kind}" data-lane="{lane}" '
        f'data-key="{xml_text(item.key)}">',
        f"<title>{xml_text(tooltip)}</title>",
        path,
        *_label(row, a0, end, room, top, bottom, font, c),
        "</g>",
    ]
    return "".join(parts)


def _label(
    row: Row,
    a0: float,
    end: float,
    room: float,
    top: float,
    bottom: float,
    font: float,
    c: float,
) -> list[str]:
    if font < 6:
        return []
    item = row.item
    middle = (top + bottom) / 2
    inside = item.kind not in MARKS and arc_length(middle, end - a0) >= text_width("abcd", font)
    if inside:
        begin, finish, colour, centred = a0, end, text_on(item.colour), True
    else:
        begin = end + degrees_for(2, middle)
        finish = min(room - degrees_for(3, middle), begin + 60.0, 360.0)
        colour, centred = DARK, False
    text = fit(item.title, arc_length(middle, finish - begin) - 4, font)
    if not text:
        return []
    reverse = flipped(begin, finish)
    baseline = middle + font * 0.35 if reverse else middle - font * 0.35
    path_id = f"label-{row.anchor}"
    if centred:
        position = 'startOffset="50%" text-anchor="middle"'
    else:
        position = 'startOffset="100%" text-anchor="end"' if reverse else 'startOffset="2"'
    return [
        f'<path id="{path_id}" d="{shapes.arc(begin, finish, baseline, c, reverse=reverse)}" '
        'fill="none"/>',
        f'<text class="label" font-size="{font:.1f}" fill="{colour}" aria-hidden="true">'
        f'<textPath href="#{path_id}" {position}>{xml_text(text)}</textPath></text>',
    ]


def _hub(wheel: Wheel, lay: Layout, period: str) -> list[str]:
    c = lay.centre
    font = max(9.0, lay.hub * 0.16)
    name = fit(wheel.title, lay.hub * 1.8, font)
    small = fit(period, lay.hub * 1.9, font * 0.55)
    return [
        f'<circle cx="{c:.2f}" cy="{c:.2f}" r="{lay.hub:.2f}" fill="#FFFFFF" stroke="#9A9A9A"/>',
        f'<text x="{c:.2f}" y="{c - font * 0.3:.2f}" font-size="{font:.1f}" font-weight="bold" '
        f'text-anchor="middle" fill="{DARK}">{xml_text(name)}</text>',
        f'<text x="{c:.2f}" y="{c + font:.2f}" font-size="{font * 0.55:.1f}" '
        f'text-anchor="middle" fill="{DARK}">{xml_text(small)}</text>',
    ]


def _today(wheel: Wheel, lay: Layout, starts: list[datetime]) -> list[str]:
    if wheel.today is None or not starts[0] <= wheel.today < starts[12]:
        return []
    c = lay.centre
    angle = angle_of(wheel.today, starts)
    first, last = shapes.spoke(angle, lay.hub, lay.outer, c)
    label = f"{word(wheel.lang, 'today')} {wheel.today.day}.{wheel.today.month}."
    x, y = point(angle, lay.hub + 14, c, c)
    return [
        f'<g class="today" data-angle="{angle:.3f}">',
        f"<title>{xml_text(label)}</title>",
        f'<line {first} {last} stroke="#000000" stroke-width="2" stroke-dasharray="5 3"/>',
        *_haloed(x, y, 10, label, 'text-anchor="middle"'),
        "</g>",
    ]


def _haloed(x: float, y: float, font: float, text: str, extra: str) -> list[str]:
    """Text with a white halo: a stroked copy under the filled one (paint-order is not
    understood by every SVG renderer)."""
    common = f'x="{x:.2f}" y="{y:.2f}" font-size="{font:.1f}" {extra} dominant-baseline="central"'
    return [
        f'<text {common} fill="#FFFFFF" stroke="#FFFFFF" stroke-width="3" aria-hidden="true">'
        f"{xml_text(text)}</text>",
        f'<text {common} fill="{DARK}">{xml_text(text)}</text>',
    ]


def _legend(wheel: Wheel, lay: Layout) -> tuple[list[str], float]:
    font = max(10.0, min(13.0, wheel.size * 0.018))
    row_h = font * 1.7
    columns = max(1, int(wheel.size // 220))
    width = wheel.size / columns
    entries = [(label, colour, "swatch") for label, colour in wheel.legend]
    entries += [(word(wheel.lang, kind), "#555555", kind) for kind in ("event", *MARKS)]
    rows_n = (len(entries) + columns - 1) // columns
    top = wheel.size + 4
    out = [
        f'<g class="legend"><text x="10" y="{top + font:.2f}" font-size="{font:.1f}" '
        f'font-weight="bold" fill="{DARK}">{xml_text(word(wheel.lang, "legend"))}</text>'
    ]
    for index, (label, colour, kind) in enumerate(entries):
        x = 10 + (index % columns) * width
        y = top + row_h * (1 + index // columns) + 4
        s = font
        if kind == "swatch" or kind == "event":
            out.append(
                f'<rect x="{x:.2f}" y="{y:.2f}" width="{s * 1.6:.2f}" height="{s:.2f}" '
                f'fill="{colour}"/>'
            )
        else:
            cx, cy, h = x + s * 0.8, y + s / 2, s / 2
            points = {
                "deadline": [(cx, cy - h), (cx + h, cy), (cx, cy + h), (cx - h, cy)],
                "milestone": [(cx, cy - h), (cx + h, cy + h), (cx - h, cy + h)],
                "task": [(cx - h, cy - h), (cx + h, cy - h), (cx + h, cy + h), (cx - h, cy + h)],
            }[kind]
            d = "M" + "L".join(f"{px:.2f} {py:.2f}" for px, py in points) + "Z"
            out.append(f'<path d="{d}" fill="{colour}"/>')
        out.append(
            f'<text x="{x + s * 2.1:.2f}" y="{y + s * 0.85:.2f}" font-size="{font:.1f}" '
            f'fill="{DARK}">{xml_text(fit(label, width - s * 2.6, font))}</text>'
        )
    out.append("</g>")
    return out, row_h * (rows_n + 1) + 12
