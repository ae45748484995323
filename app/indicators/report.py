"""The indicator part of the board's report: per measure, its indicators' baseline, target,
latest values per region and a small trend chart (SVG with a text alternative); the same
rows for JSON, XLSX and CSV, and the sources with their licences on every output."""

import csv
import html
import io
import uuid
from dataclasses import dataclass

from openpyxl import load_workbook
from sqlmodel.ext.asyncio.session import AsyncSession

from app.indicators import links
from app.indicators import service as indicators
from app.indicators.models import Indicator, MeasureIndicator
from app.indicators.schemas import AttributionPublic
from app.indicators.situation import RegionSeries, applies, by_region, target_status
from app.indicators.situation_schemas import ReportIndicatorRow
from app.indicators.views import attribution
from app.kernel.indicator_chart import Line, chart, number
from app.kernel.indicator_trend import trend
from app.plans.models import Goal, Measure
from app.plans.tree import PlanTree

HEADINGS = {
    "fi": ("Tavoite", "Toimenpide", "Indikaattori", "Yksikkö", "Aluekoodi", "Alueluokka", "Alue",
           "Lähtötaso vuosi", "Lähtötaso", "Tavoite vuosi", "Tavoitearvo", "Viimeisin vuosi",
           "Viimeisin arvo", "Suunta", "Tila", "Lähde"),
    "sv": ("Mål", "Åtgärd", "Indikator", "Enhet", "Områdeskod", "Områdestyp", "Område",
           "Utgångsår", "Utgångsnivå", "Målår", "Målvärde", "Senaste år", "Senaste värde",
           "Riktning", "Status", "Källa"),
    "en": ("Goal", "Measure", "Indicator", "Unit", "Region code", "Region category", "Region",
           "Baseline year", "Baseline", "Target year", "Target", "Latest year", "Latest value",
           "Trend", "Status", "Source"),
}  # fmt: skip
STATUS = {
    "fi": {"target_met": "tavoite saavutettu", "improving": "paranee", "worsening": "heikkenee",
           "unchanged": "ennallaan", "not_met": "ei saavutettu", "no_target": "ei tavoitetta",
           "no_data": "ei tietoa"},
    "sv": {"target_met": "målet nått", "improving": "förbättras", "worsening": "försämras",
           "unchanged": "oförändrad", "not_met": "inte nått", "no_target": "inget mål",
           "no_data": "inga uppgifter"},
    "en": {"target_met": "target met", "improving": "improving", "worsening": "worsening",
           "unchanged": "unchanged", "not_met": "not met", "no_target": "no target",
           "no_data": "no data"},
}  # fmt: skip
ARROWS = {"up": "↑", "down": "↓", "flat": "→", None: ""}
SOURCES = {"fi": "Lähteet", "sv": "Källor", "en": "Sources"}
SHEET = {"fi": "Indikaattorit", "sv": "Indikatorer", "en": "Indicators"}
SOURCES_SHEET = {"fi": "Lähteet", "sv": "Källor", "en": "Sources"}


@dataclass
class Entry:
    measure: Measure
    goal: Goal
    link: MeasureIndicator
    indicator: Indicator
    regions: list[RegionSeries]


def measures_in_order(tree: PlanTree) -> list[tuple[Goal, Measure]]:
    """The order of the report's table: goals depth first, measures by position."""
    result: list[tuple[Goal, Measure]] = []

    def visit(goal: Goal) -> None:
        result.extend((goal, m) for m in tree.measures_of(goal.id))
        for child in tree.children(goal.id):
            visit(child)

    for top in tree.children(None):
        visit(top)
    return result


async def load(session: AsyncSession, plan_id: uuid.UUID, tree: PlanTree) -> list[Entry]:
    by_measure: dict[uuid.UUID, list[MeasureIndicator]] = {}
    for link in await links.links_of_plan(session, plan_id):
        by_measure.setdefault(link.measure_id, []).append(link)
    entries = []
    cache: dict[uuid.UUID, tuple[Indicator, list[RegionSeries]]] = {}
    for goal, measure in measures_in_order(tree):
        for link in by_measure.get(measure.id, []):
            if link.indicator_id not in cache:
                indicator = await session.get(Indicator, link.indicator_id)
                if indicator is None:
                    continue
                rows = await indicators.values_of(session, indicator, gender=indicator.gender)
                cache[link.indicator_id] = (indicator, by_region(rows))
            indicator, regions = cache[link.indicator_id]
            shown = [r for r in regions if applies(link, r)]
            entries.append(Entry(measure, goal, link, indicator, shown))
    return entries


def name_of(indicator: Indicator, language: str) -> str:
    localised = {"sv": indicator.name_sv, "en": indicator.name_en}.get(language)
    return localised or indicator.name


def rows_of(entries: list[Entry], language: str) -> list[ReportIndicatorRow]:
    result = []
    for entry in entries:
        link, indicator = entry.link, entry.indicator
        source = attribution(indicator).text
        for region in entry.regions:
            latest = region.points[-1] if region.points else None
            result.append(ReportIndicatorRow(
                goal=entry.goal.title, measure=entry.measure.title, measure_id=entry.measure.id,
                indicator_id=indicator.id, indicator=name_of(indicator, language),
                unit=indicator.unit, region_code=region.code, region_category=region.category,
                region_title=region.title, baseline_year=link.baseline_year,
                baseline_value=link.baseline_value, target_year=link.target_year,
                target_value=link.target_value, latest_year=latest.year if latest else None,
                latest_value=latest.value if latest else None,
                trend=trend(region.points),  # type: ignore[arg-type]
                status=target_status(indicator, link, region.points),  # type: ignore[arg-type]
                attribution=source,
            ))  # fmt: skip
    return result


def attributions_of(entries: list[Entry]) -> list[AttributionPublic]:
    seen: dict[str, AttributionPublic] = {}
    for entry in entries:
        shown = attribution(entry.indicator)
        seen.setdefault(shown.text, shown)
    return list(seen.values())


def _cell(value: float | None, language: str) -> str:
    return "" if value is None else number(value, language)


def measure_html(entries: list[Entry], language: str) -> str:
    """The indicator block under one measure's row: a table and a chart per indicator."""
    e = html.escape
    heads = HEADINGS[language]
    out = []
    for entry in entries:
        link, indicator = entry.link, entry.indicator
        title = name_of(indicator, language) + (f" ({indicator.unit})" if indicator.unit else "")
        lines = [Line(r.title or r.code, r.points) for r in entry.regions]
        svg = chart(title, lines, language=language, unit=indicator.unit,
                    target=link.target_value, baseline=link.baseline_value)  # fmt: skip
        body = []
        for region in entry.regions:
            latest = region.points[-1] if region.points else None
            state = target_status(indicator, link, region.points)
            body.append(
                f'<tr data-region-code="{e(region.code)}"><td>{e(region.title or region.code)}</td>'
                f"<td>{_cell(link.baseline_value, language)} {link.baseline_year or ''}</td>"
                f"<td>{_cell(link.target_value, language)} {link.target_year or ''}</td>"
                f'<td class="latest">{_cell(latest.value if latest else None, language)} '
                f"{latest.year if latest else ''}</td>"
                f"<td>{ARROWS[trend(region.points)]} {e(STATUS[language][state])}</td></tr>"
            )
        source = attribution(indicator)
        link_html = f' <a href="{e(source.url)}">{e(source.url)}</a>' if source.url else ""
        out.append(
            f'<div class="indicator" data-indicator-id="{indicator.id}"><h3>{e(title)}</h3>'
            f'<div class="indicator-body"><table class="values"><thead><tr><th>{heads[6]}</th>'
            f"<th>{heads[8]}</th><th>{heads[10]}</th><th>{heads[12]}</th><th>{heads[14]}</th>"
            f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
            f'<figure class="chart">{svg}</figure></div>'
            f'<p class="attribution">{e(source.text)}{link_html}</p></div>'
        )
    return "".join(out)


def sources_html(entries: list[Entry], language: str) -> str:
    e = html.escape
    items = []
    for source in attributions_of(entries):
        licence = (f' <a href="{e(source.licence_url)}">{e(source.licence)}</a>'
                   if source.licence and source.licence_url else "")  # fmt: skip
        items.append(f"<li>{e(source.text)}{licence}</li>")
    if not items:
        return ""
    heading = f"<h2>{SOURCES[language]}</h2>"
    return f'<section class="sources">{heading}<ul>{"".join(items)}</ul></section>'


STYLE = (
    "table{max-width:100%}td{overflow-wrap:anywhere}"
    "tr.measure-indicators>td{background:#fafafa;border-top:none}"
    ".indicator{margin:4px 0 8px}.indicator h3{font-size:1em;margin:2px 0}"
    ".indicator-body{display:flex;gap:12px;align-items:flex-start;flex-wrap:wrap}"
    "figure.chart{margin:0}.attribution{font-size:.8em;color:#333;margin:2px 0}"
    "table.values td,table.values th{font-size:.9em}"
    "@page{size:A4;margin:12mm}"
    "@media print{.indicator{page-break-inside:avoid}a{color:#000}body{font-size:10pt}}"
)


def _table(rows: list[ReportIndicatorRow], language: str) -> list[list[object]]:
    result: list[list[object]] = [list(HEADINGS[language])]
    for row in rows:
        result.append([
            row.goal, row.measure, row.indicator, row.unit, row.region_code, row.region_category,
            row.region_title, row.baseline_year, row.baseline_value, row.target_year,
            row.target_value, row.latest_year, row.latest_value, row.trend,
            STATUS[language][row.status], row.attribution,
        ])  # fmt: skip
    return result


def with_indicator_sheets(
    xlsx: bytes, rows: list[ReportIndicatorRow], sources: list[AttributionPublic], language: str
) -> bytes:
    """The follow-up workbook (first sheet, importable) plus the indicators and their sources."""
    book = load_workbook(io.BytesIO(xlsx))
    sheet = book.create_sheet(SHEET[language])
    for values in _table(rows, language):
        sheet.append(values)
    listed = book.create_sheet(SOURCES_SHEET[language])
    listed.append(["text", "organization", "licence", "licence_url", "url"])
    for source in sources:
        listed.append([source.text, source.organization, source.licence, source.licence_url,
                       source.url])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_csv(rows: list[ReportIndicatorRow], language: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for values in _table(rows, language):
        writer.writerow(["" if v is None else v for v in values])
    return ("\ufeff" + out.getvalue()).encode()
