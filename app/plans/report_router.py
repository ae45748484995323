"""Import a follow-up table into a plan, and export a round's report."""

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request, Response

from app.auth.deps import CurrentPrincipal
from app.core.db.session import SessionDep
from app.core.errors import ValidationFailed
from app.core.uploads import upload_body, uploaded_file
from app.flows import plan_import
from app.indicators import report as indicator_report
from app.indicators import report_pdf
from app.indicators.situation_schemas import GoalShare, ReportPublic, ReportRow
from app.limits.routing import LimitedRoute
from app.plans import report, service, tree
from app.plans.models import Round
from app.plans.term_schemas import ImportResult

router = APIRouter(prefix="/v1/plans", tags=["plans"], route_class=LimitedRoute)
SAMPLE = (
    "Tavoite;Toimenpide;Vastuutaho;Seurantamittari;Toteutuminen;Kommentti\r\n"
    "Yhteensovittava johtaminen;Suunnitelmat ja niiden tavoitteet ovat yhteensovitettuja;"
    "Peso, Tesa;Yhteensovitetut päätavoitteet;kyllä;\r\n"
)


UPLOAD_BODY = upload_body("CSV (UTF-8, separated by ; or ,) or XLSX", SAMPLE)


@router.post(
    "/{plan_id}/import",
    response_model=ImportResult,
    summary="Import a follow-up table",
    openapi_extra=UPLOAD_BODY,
)
async def import_table(
    plan_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    round_id: Annotated[
        uuid.UUID | None, Query(description="The round the statuses belong to")
    ] = None,
    dry_run: Annotated[bool, Query(description="Only show what would be created")] = False,
) -> ImportResult:
    """A table in the shape of an interim evaluation: columns `goal`, `measure`,
    `responsible`, `metric`, `status` (kyllä / osittain / ei, or yes / partly / no) and
    `comment`, or the Finnish headers Tavoite, Toimenpide, Vastuutaho, Seurantamittari,
    Toteutuminen, Kommentti. Goals and measures are matched by title, responsible names to
    the network's partners and groups (case-insensitively). Nothing is written unless every
    row is valid; errors name the row and column."""
    plan = await service.get_writable(session, principal, plan_id)
    data, filename = await uploaded_file(request, "the table")
    return await plan_import.import_table(
        session, principal, plan, data, filename=filename, round_id=round_id,
        dry_run=dry_run,
    )  # fmt: skip


@router.get(
    "/{plan_id}/report",
    response_class=Response,
    summary="A round's report for the board",
    responses={
        200: {
            "description": "The report in the format asked for by `Accept` (CSV by default)",
            "content": {
                report.CSV: {"schema": {"type": "string"}, "example": SAMPLE},
                report.XLSX: {"schema": {"type": "string", "format": "binary"}},
                report.HTML: {"schema": {"type": "string"}},
                report.JSON: {
                    "schema": {
                        "type": "object",
                        "description": "The same rows as the CSV and XLSX: `rows`, `goals`, "
                        "`indicators` (baseline, target, latest value, trend and status per "
                        "region) and `attributions`; see docs/indicators.md",
                    }
                },
                report.PDF: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
async def get_report(
    plan_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    round_id: Annotated[uuid.UUID | None, Query(description="Default: the latest round")] = None,
    accept: Annotated[str | None, Header(max_length=500)] = None,
    accept_language: Annotated[str | None, Header(max_length=500)] = None,
    part: Annotated[
        Literal["table", "indicators"],
        Query(description="CSV only: `indicators` gives the indicator rows instead of the table"),
    ] = "table",
) -> Response:
    """The table the board reads, with the roll-up per goal and, per measure, its indicators'
    baseline, target, latest values per region and a trend chart: CSV (`Accept: text/csv`),
    XLSX (the table, the indicators and their sources as sheets), JSON, a printable HTML page
    (`Accept: text/html`) with SVG charts, or PDF; headings in Finnish, Swedish or English by
    `Accept-Language`. Every format names the sources of the values (THL's Sotkanet data is
    CC BY 4.0). The CSV table and the XLSX import back with POST /v1/plans/{id}/import."""
    plan = await service.get(session, principal, plan_id)
    round_ = None
    if round_id is not None:
        round_ = await session.get(Round, round_id)
        if round_ is None or round_.plan_id != plan.id:
            raise ValidationFailed.field(
                "round_id", f"{round_id} is no round of this plan", location="query"
            )
    else:
        round_ = await tree.latest_round(session, plan.id)
    loaded = await tree.load(session, plan.id, round_.id if round_ else None)
    rows = await report.rows_of(session, loaded)
    language = report.language_of(accept_language)
    media_type = report.media_type_of(accept)
    headers = {"Content-Language": language, "Vary": "Accept, Accept-Language"}
    entries = await indicator_report.load(session, plan.id, loaded)
    indicator_rows = indicator_report.rows_of(entries, language)
    sources = indicator_report.attributions_of(entries)
    if media_type in (report.HTML, report.PDF):
        order = indicator_report.measures_in_order(loaded)
        extras = [
            indicator_report.measure_html([x for x in entries if x.measure.id == m.id], language)
            for _, m in order
        ]
        content = report.as_html(
            plan, round_, loaded, rows, language, extras=extras, style=indicator_report.STYLE,
            appendix=indicator_report.sources_html(entries, language),
        )  # fmt: skip
        if media_type == report.PDF:
            headers["Content-Disposition"] = 'attachment; filename="seuranta.pdf"'
            svg = report_pdf.as_svg(plan, round_, loaded, rows, entries, language)
            pdf = report_pdf.as_pdf(svg)
            return Response(pdf, media_type=report.PDF, headers=headers)
        return Response(content, media_type="text/html; charset=utf-8", headers=headers)
    table = [row for _, row in rows]
    if media_type == report.JSON:
        body = ReportPublic(
            plan_id=plan.id, title=plan.title, round_id=round_.id if round_ else None,
            round_name=round_.name if round_ else None, language=language,
            share_realised=loaded.rollup().share_realised,
            goals=[GoalShare(goal_id=g.id, goal=g.title,
                             share_realised=loaded.goal_rollup(g).share_realised)
                   for g in {goal.id: goal for goal, _ in rows}.values()],
            rows=[ReportRow(goal=r.goal, measure=r.measure, responsible=r.responsible,
                            metric=r.metric, status=r.status, comment=r.comment) for r in table],
            indicators=indicator_rows, attributions=sources,
        )  # fmt: skip
        return Response(body.model_dump_json(), media_type=report.JSON, headers=headers)
    if media_type == report.XLSX:
        headers["Content-Disposition"] = 'attachment; filename="seuranta.xlsx"'
        xlsx = indicator_report.with_indicator_sheets(
            report.as_xlsx(table, language, round_), indicator_rows, sources, language
        )
        return Response(xlsx, media_type=report.XLSX, headers=headers)
    if part == "indicators":
        headers["Content-Disposition"] = 'attachment; filename="indikaattorit.csv"'
        return Response(indicator_report.as_csv(indicator_rows, language),
                        media_type="text/csv; charset=utf-8", headers=headers)  # fmt: skip
    headers["Content-Disposition"] = 'attachment; filename="seuranta.csv"'
    return Response(
        report.as_csv(table, language), media_type="text/csv; charset=utf-8", headers=headers
    )
