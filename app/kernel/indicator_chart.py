"""A small trend chart of an indicator, drawn as SVG on the server (pure, no database).

Readable in print (dark lines on white, each region with its own dash pattern as well as its
colour, values written beside the last points) and with a text alternative: `<title>`,
`<desc>` listing every value, and on each point `data-region`, `data-year` and `data-value`,
so a screen reader, a test or a scraper reads the same numbers as the eye."""

import html
from collections.abc import Sequence
from dataclasses import dataclass

from app.kernel.indicator_trend import Point

# Okabe-Ito's darker colours (they print) and dash patterns (they print in black and white).
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000")
DASHES = ("", "6 3", "2 2", "8 3 2 3", "1 3")
WIDTH, HEIGHT = 320, 120
LEFT, RIGHT, TOP, BOTTOM = 34, 64, 10, 20
WORDS = {
    "fi": {"target": "tavoite", "baseline": "lähtötaso", "none": "Ei arvoja."},
    "sv": {"target": "mål", "baseline": "utgångsnivå", "none": "Inga värden."},
    "en": {"target": "target", "baseline": "baseline", "none": "No values."},
}


@dataclass(frozen=True)
class Line:
    label: str
    points: Sequence[Point]


def number(value: float, language: str) -> str:
    """At most one decimal place (two for values below 10), with a decimal comma in fi/sv."""
    text = f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text.replace(".", ",") if language in ("fi", "sv") else text


def describe(title: str, lines: Sequence[Line], language: str, unit: str | None = None) -> str:
    """The text alternative: each region's values by year."""
    parts = []
    suffix = f" {unit}" if unit else ""
    for line in lines:
        values = ", ".join(f"{p.year}: {number(p.value, language)}{suffix}" for p in line.points)
        parts.append(f"{line.label}: {values or '-'}")
    return f"{title}. " + ("; ".join(parts) if parts else WORDS[language]["none"])


def _scale(low: float, high: float, size: float, flip: bool) -> tuple[float, float]:
    span = high - low or 1.0
    factor = size / span
    return (-factor, high) if flip else (factor, low)


def chart(
    title: str,
    lines: Sequence[Line],
    *,
    language: str = "fi",
    unit: str | None = None,
    target: float | None = None,
    baseline: float | None = None,
) -> str:
    """One SVG: a line per region over the years, dashed reference lines for the target and
    the baseline; `<desc>` holds every value as text."""
    e = html.escape
    points = [p for line in lines for p in line.points]
    years = [p.year for p in points] or [0]
    values = [p.value for p in points] + [v for v in (target, baseline) if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    low, high = low - pad, high + pad
    if min(values or [0.0]) >= 0 and low < 0:
        low = 0.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    first, last = min(years), max(years)

    def x(year: int) -> float:
        return LEFT + (plot_w * (year - first) / (last - first) if last > first else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h * (high - value) / (high - low)

    text = describe(title, lines, language, unit)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" role="img" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" aria-label="{e(text)}">',
        f"<title>{e(title)}</title>",
        f"<desc>{e(text)}</desc>",
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" '
        'stroke="#999" stroke-width="0.5"/>',
        f'<g font-family="sans-serif" font-size="9" fill="#222">'
        f'<text x="{LEFT - 3}" y="{TOP + 7}" text-anchor="end">{number(high, language)}</text>'
        f'<text x="{LEFT - 3}" y="{TOP + plot_h}" text-anchor="end">{number(low, language)}</text>',
    ]
    if points:
        out.append(f'<text x="{LEFT}" y="{HEIGHT - 6}">{first}</text>')
        if last > first:
            out.append(
                f'<text x="{LEFT + plot_w}" y="{HEIGHT - 6}" text-anchor="end">{last}</text>'
            )
    out.append("</g>")
    for kind, value in (("target", target), ("baseline", baseline)):
        if value is None:
            continue
        word = WORDS[language][kind]
        dash = "4 2" if kind == "target" else "1 2"
        out.append(
            f'<line class="{kind}" data-value="{value}" x1="{LEFT}" x2="{LEFT + plot_w}" '
            f'y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#555" stroke-dasharray="{dash}"/>'
            f'<text x="{LEFT + plot_w + 3}" y="{y(value) + 3:.1f}" font-family="sans-serif" '
            f'font-size="8" fill="#555">{e(word)} {number(value, language)}</text>'
        )
    for index, line in enumerate(lines):
        colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
        coords = " ".join(f"{x(p.year):.1f},{y(p.value):.1f}" for p in line.points)
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<g class="region" data-region="{e(line.label)}">')
        if len(line.points) > 1:
            out.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                f'stroke-width="1.6"{dashed}/>'
            )
        for p in line.points:
            out.append(
                f'<circle cx="{x(p.year):.1f}" cy="{y(p.value):.1f}" r="2" fill="{colour}" '
                f'data-region="{e(line.label)}" data-year="{p.year}" data-value="{p.value}">'
                f"<title>{e(line.label)} {p.year}: {number(p.value, language)}</title></circle>"
            )
        if line.points:
            end = line.points[-1]
            out.append(
                f'<text x="{x(end.year) + 4:.1f}" y="{y(end.value) + 3:.1f}" '
                f'font-family="sans-serif" font-size="8" fill="{colour}">'
                f"{e(line.label[:10])} {number(end.value, language)}</text>"
            )
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)
