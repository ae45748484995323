"""The board's report as PDF, the way the wheel does it: the page drawn as one SVG and
converted by CairoSVG into a vector PDF (one tall page; a PDF viewer prints it on A4 with
"fit to page width" or poster tiling). The same table, roll-up, charts and sources as the
HTML page."""

import html
import textwrap

import cairosvg

from app.indicators.report import (
    ARROWS,
    SOURCES,
    STATUS,
    Entry,
    attributions_of,
    measures_in_order,
    name_of,
)
from app.indicators.situation import target_status
from app.kernel.followup_table import WORDS, TableRow
from app.kernel.indicator_chart import HEIGHT, Line, chart, number
from app.kernel.indicator_trend import trend
from app.plans.models import Goal, Plan, Round
from app.plans.report import ROLLUP
from app.plans.tree import PlanTree

PAGE_WIDTH = 595  # A4 in points
MARGIN = 36
LINE = 13


class Canvas:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.y = MARGIN

    def text(self, value: str, *, size: int = 10, bold: bool = False, indent: int = 0,
             width: int = 95, colour: str = "#000") -> None:  # fmt: skip
        weight = ' font-weight="bold"' if bold else ""
        for line in textwrap.wrap(value, width) or [""]:
            self.y += size + 3
            self.parts.append(
                f'<text x="{MARGIN + indent}" y="{self.y}" font-size="{size}"{weight} '
                f'fill="{colour}">{html.escape(line)}</text>'
            )

    def space(self, points: int = 6) -> None:
        self.y += points

    def svg(self, markup: str, indent: int = 0) -> None:
        self.parts.append(f'<g transform="translate({MARGIN + indent},{self.y + 4})">{markup}</g>')
        self.y += HEIGHT + 8

    def document(self) -> str:
        height = self.y + MARGIN
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_WIDTH}" height="{height}" '
            f'viewBox="0 0 {PAGE_WIDTH} {height}" font-family="DejaVu Sans, sans-serif">'
            f'<rect width="100%" height="100%" fill="#fff"/>{"".join(self.parts)}</svg>'
        )


def as_pdf(svg: str) -> bytes:
    """The report page `as_svg` drew, as a PDF."""
    pdf: bytes = cairosvg.svg2pdf(bytestring=svg.encode())
    return pdf


def as_svg(
    plan: Plan,
    round_: Round | None,
    tree: PlanTree,
    rows: list[tuple[Goal, TableRow]],
    entries: list[Entry],
    language: str,
) -> str:
    """The report as one SVG page (what the PDF is converted from)."""
    canvas = Canvas()
    title = f"{plan.title}: {round_.name}" if round_ else plan.title
    canvas.text(title, size=15, bold=True, width=60)
    share = tree.rollup().share_realised
    canvas.text(f"{ROLLUP[language]}: {'-' if share is None else f'{round(share * 100)} %'}")
    current = None
    order = measures_in_order(tree)
    for index, (goal, row) in enumerate(rows):
        measure_id = order[index][1].id if index < len(order) else None
        if goal.id != current:
            current = goal.id
            goal_share = tree.goal_rollup(goal).share_realised
            shown = "-" if goal_share is None else f"{round(goal_share * 100)} %"
            canvas.space(8)
            canvas.text(f"{goal.title} ({shown})", size=12, bold=True, width=75)
        status = WORDS[language][row.status] if row.status else ""
        canvas.space(3)
        canvas.text(f"{row.measure} [{status}]", bold=True, indent=8, width=90)
        details = [", ".join(row.responsible), row.metric or "", row.comment or ""]
        for detail in filter(None, details):
            canvas.text(detail, size=9, indent=16, width=100, colour="#333")
        for entry in (x for x in entries if x.measure.id == measure_id):
            _indicator(canvas, entry, language)
    sources = attributions_of(entries)
    if sources:
        canvas.space(10)
        canvas.text(SOURCES[language], size=12, bold=True)
        for source in sources:
            canvas.text(f"{source.text} {source.licence_url or ''}", size=8, width=120)
    return canvas.document()


def _indicator(canvas: Canvas, entry: Entry, language: str) -> None:
    indicator, link = entry.indicator, entry.link
    title = name_of(indicator, language) + (f" ({indicator.unit})" if indicator.unit else "")
    canvas.text(title, size=9, bold=True, indent=16, width=95)
    lines = [Line(r.title or r.code, r.points) for r in entry.regions]
    svg = chart(title, lines, language=language, unit=indicator.unit,
                target=link.target_value, baseline=link.baseline_value)  # fmt: skip
    canvas.svg(svg, indent=16)
    for region in entry.regions:
        latest = region.points[-1] if region.points else None
        value = f"{number(latest.value, language)} ({latest.year})" if latest else "-"
        state = STATUS[language][target_status(indicator, link, region.points)]
        canvas.text(f"{region.title or region.code}: {value} {ARROWS[trend(region.points)]} "
                    f"{state}", size=8, indent=24, width=110)  # fmt: skip
    canvas.text(attributions_of([entry])[0].text, size=7, indent=16, width=130, colour="#333")
