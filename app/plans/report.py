"""A round's report: the table the board reads, as CSV, XLSX or a printable HTML page.
CSV and XLSX use the import's columns, so an exported report imports back."""

import html
import uuid
from typing import TypeVar

from sqlmodel.ext.asyncio.session import AsyncSession

from app.groups.models import Group
from app.kernel.followup_table import HEADINGS, WORDS, TableRow, write_csv, write_xlsx
from app.partners.models import Partner
from app.plans.models import Goal, Plan, Round
from app.plans.tree import PlanTree

LANGUAGES = ("fi", "sv", "en")
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HTML = "text/html"
JSON = "application/json"
PDF = "application/pdf"
ROLLUP = {"fi": "Toteutuminen yhteensä", "sv": "Förverkligande totalt", "en": "Realised overall"}


def language_of(accept_language: str | None) -> str:
    """The first of fi / sv / en the caller accepts, by q-value; Finnish by default."""
    choices = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and q > 0:
            choices.append((-q, index, primary))
    return min(choices)[2] if choices else "fi"


def media_type_of(accept: str | None) -> str:
    text = (accept or "").lower()
    for media_type in (XLSX, HTML, PDF, JSON, CSV):
        if media_type in text:
            return media_type
    return CSV


# The rows a measure names as responsible: both have a `name`.
Responsible = TypeVar("Responsible", Partner, Group)


async def _names(session: AsyncSession, ids: list[str], model: type[Responsible]) -> list[str]:
    names = []
    for raw in ids:
        row = await session.get(model, uuid.UUID(raw))
        if row is not None:
            names.append(row.name)
    return names


async def rows_of(session: AsyncSession, tree: PlanTree) -> list[tuple[Goal, TableRow]]:
    """Goals depth first (sub-goals after their parent), measures in order."""
    result: list[tuple[Goal, TableRow]] = []

    async def visit(goal: Goal) -> None:
        for m in tree.measures_of(goal.id):
            evaluation = tree.evaluations.get(m.id)
            names = await _names(session, m.responsible_partner_ids, Partner)
            names += await _names(session, m.responsible_group_ids, Group)
            result.append((goal, TableRow(
                row=len(result) + 2, goal=goal.title, measure=m.title, responsible=names,
                metric=m.metric, status=evaluation.status if evaluation else None,
                comment=evaluation.narrative if evaluation else None,
            )))  # fmt: skip
        for child in tree.children(goal.id):
            await visit(child)

    for top in tree.children(None):
        await visit(top)
    return result


def as_csv(rows: list[TableRow], language: str) -> bytes:
    return write_csv(rows, language)


def as_xlsx(rows: list[TableRow], language: str, round_: Round | None) -> bytes:
    return write_xlsx(rows, language, round_.name if round_ else "Seuranta")


def _share(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)} %"


def as_html(
    plan: Plan,
    round_: Round | None,
    tree: PlanTree,
    rows: list[tuple[Goal, TableRow]],
    lang: str,
    *,
    extras: list[str] | None = None,
    appendix: str = "",
    style: str = "",
) -> bytes:
    """`extras[i]` (e.g. the indicators of the i-th measure) goes in a row under row i;
    `appendix` (e.g. the sources of the values) after the table."""
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in HEADINGS[lang])
    body = []
    current = None
    for index, (goal, row) in enumerate(rows):
        if goal.id != current:
            current = goal.id
            share = _share(tree.goal_rollup(goal).share_realised)
            body.append(
                f'<tr class="goal"><th colspan="5">{e(goal.title)}</th><td>{share}</td></tr>'
            )
        status = WORDS[lang][row.status] if row.status else ""
        cells = [row.goal, row.measure, ", ".join(row.responsible), row.metric or "", status,
                 row.comment or ""]  # fmt: skip
        body.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
        if extras and index < len(extras) and extras[index]:
            body.append(f'<tr class="measure-indicators"><td colspan="6">{extras[index]}</td></tr>')
    title = f"{plan.title}: {round_.name}" if round_ else plan.title
    total = _share(tree.rollup().share_realised)
    page = (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>body{{font-family:sans-serif}}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px;"
        "vertical-align:top;text-align:left}tr.goal{background:#eee}"
        f"@media print{{tr{{page-break-inside:avoid}}}}{style}</style></head><body>"
        f"<h1>{e(title)}</h1><p>{ROLLUP[lang]}: {total}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f"{appendix}</body></html>\n"
    )
    return page.encode()
