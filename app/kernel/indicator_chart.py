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
WIDTH, HEIGHT = 420, 130
LEFT, RIGHT, TOP, BOTTOM = 34, 150, 10, 20
LEGEND_STEP = 13
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
    legend_x, legend_y = LEFT + plot_w + 10, TOP + 6

    def legend(index: int, colour: str, dash: str, label: str) -> str:
        y0 = legend_y + index * LEGEND_STEP
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        return (
            f'<line x1="{legend_x}" x2="{legend_x + 16}" y1="{y0 - 3}" y2="{y0 - 3}" '
            f'stroke="{colour}" stroke-width="1.6"{dashed}/>'
            f'<text x="{legend_x + 20}" y="{y0}" font-family="sans-serif" font-size="9" '
            f'fill="#222">{e(label)}</text>'
        )

    entries = 0
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
        latest = f" {number(line.points[-1].value, language)}" if line.points else ""
        short = line.label if len(line.label) <= 18 else line.label[:17] + "…"
        out.append(legend(entries, colour, dash, f"{short}{latest}"))
        entries += 1
        out.append("</g>")
    for kind, value in (("target", target), ("baseline", baseline)):
        if value is None:
            continue
        dash = "4 2" if kind == "target" else "1 2"
        out.append(
            f'<line class="{kind}" data-value="{value}" x1="{LEFT}" x2="{LEFT + plot_w}" '
            f'y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#555" stroke-dasharray="{dash}"/>'
        )
        out.append(
            legend(entries, "#555", dash, f"{WORDS[language][kind]} {number(value, language)}")
        )
        entries += 1
    out.append("</svg>")
    return "".join(out)
