"""The wheel as documents: the HTML page (picture + month-by-month table), CSV and XLSX."""

import base64
import csv
import hashlib
import io
from datetime import datetime

import cairosvg
import xlsxwriter

from app.kernel.wheel.labels import xml_text
from app.kernel.wheel.model import Wheel
from app.kernel.wheel.svg import STYLE, render
from app.kernel.wheel.table import by_month, rows
from app.kernel.wheel.text import word
from app.wheel.models import WheelEmbed
from app.wheel.schemas import EmbedPublic

PAGE_STYLE = (
    "body{margin:0;font-family:DejaVu Sans,Verdana,Arial,Helvetica,sans-serif;color:#1A1A1A;"
    "background:#FFFFFF}main{max-width:1100px;margin:0 auto;padding:1rem}"
    "h1{font-size:1.4rem;margin:.2rem 0 .8rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}"
    "figure{margin:0}.wheel svg{display:block;max-width:100%;height:auto}"
    "figcaption{font-size:.9rem;margin:.4rem 0}"
    "table{border-collapse:collapse;width:100%;font-size:.9rem}"
    "th,td{text-align:left;vertical-align:top;padding:.25rem .5rem;border-bottom:1px solid #CCCCCC}"
    "tbody th{background:#EEEEEE;font-size:1rem}tr:target{background:#FFF3B0;"
    "outline:3px solid #000000}a:focus-visible{outline:3px solid #000000}"
)
COLUMNS = ("month", "date", "time", "ring", "title", "kind", "status", "partner", "location")


def embed_public(embed: WheelEmbed) -> EmbedPublic:
    """An embed as the API lists it: never with its token."""
    return EmbedPublic.model_validate(embed)


def style_hashes() -> str:
    """CSP source expressions for the page's two inline style blocks (no 'unsafe-inline')."""
    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"
        for css in (PAGE_STYLE, STYLE)
    )


def page(wheel: Wheel, heading: str) -> str:
    """The picture with its text alternative (W3C complex images): a table by month."""
    lang = wheel.lang
    head = "".join(
        f'<th scope="col">{xml_text(word(lang, c))}</th>'
        for c in ("date", "time", "title", "ring", "kind", "status")
    )
    body = []
    for month, month_rows in by_month(wheel):
        body.append(f'<tbody><tr><th scope="rowgroup" colspan="6">{xml_text(month)}</th></tr>')
        if not month_rows:
            body.append(f'<tr><td colspan="6">{xml_text(word(lang, "none"))}</td></tr>')
        for row in month_rows:
            cells = (row.date, row.time, row.title, row.ring, row.kind, row.status)
            body.append(
                f'<tr id="{row.anchor}">'
                + "".join(f"<td>{xml_text(c)}</td>" for c in cells)
                + "</tr>"
            )
        body.append("</tbody>")
    title = f"{word(lang, 'wheel')}: {heading}"
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{xml_text(title)}</title><style>{PAGE_STYLE}</style></head><body><main>"
        f'<h1>{xml_text(title)}</h1><figure><div class="wheel">{render(wheel)}</div>'
        f'<figcaption><a href="#months">{xml_text(word(lang, "month"))}: '
        f"{len(wheel.items)}</a></figcaption></figure>"
        f'<h2 id="months">{xml_text(word(lang, "month"))}</h2>'
        f"<table><caption>{xml_text(title)}</caption><thead><tr>{head}</tr></thead>"
        + "".join(body)
        + "</table></main></body></html>"
    )


def _cell(value: str) -> str:
    # A title that starts like a formula stays text in a spreadsheet (CSV injection).
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _values(wheel: Wheel) -> list[list[str]]:
    return [
        [
            row.month,
            row.date,
            row.time,
            row.ring,
            row.title,
            row.kind,
            row.status,
            row.partner,
            row.location,
        ]
        for row in rows(wheel)
    ]


def to_csv(wheel: Wheel) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([word(wheel.lang, c) for c in COLUMNS])
    for values in _values(wheel):
        writer.writerow([_cell(v) for v in values])
    # The byte order mark makes Excel read UTF-8 (ä, ö, å) correctly.
    return ("\ufeff" + out.getvalue()).encode()


def to_xlsx(wheel: Wheel) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"title": f"{word(wheel.lang, 'wheel')}: {wheel.title}",
                         "created": datetime(2000, 1, 1)})  # fmt: skip
    sheet = book.add_worksheet(word(wheel.lang, "wheel")[:31])
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "d.m.yyyy"})
    widths = (16, 12, 14, 24, 48, 14, 12, 28, 24)
    for column, (name, width) in enumerate(zip(COLUMNS, widths, strict=True)):
        sheet.write_string(0, column, word(wheel.lang, name), bold)
        sheet.set_column(column, column, width)
    for number, (row, values) in enumerate(zip(rows(wheel), _values(wheel), strict=True), 1):
        for column, value in enumerate(values):
            if column == 1:
                sheet.write_datetime(number, column, row.item.start.replace(hour=0, minute=0), day)
            else:
                sheet.write_string(number, column, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(wheel.items), 1), len(COLUMNS) - 1)
    book.close()
    return out.getvalue()


def to_png(svg: str) -> bytes:
    png: bytes = cairosvg.svg2png(bytestring=svg.encode())
    return png


def to_pdf(svg: str) -> bytes:
    pdf: bytes = cairosvg.svg2pdf(bytestring=svg.encode())
    return pdf
