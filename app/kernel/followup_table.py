"""Follow-up tables in the shape people already use (seed 003): reading CSV and XLSX,
mapping Finnish, Swedish or English headers and status words, and writing them back."""

import csv
import io
import re
from dataclasses import dataclass, field
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook

COLUMNS = ("goal", "measure", "responsible", "metric", "status", "comment")
REQUIRED = ("goal", "measure")
HEADINGS = {
    "fi": ("Tavoite", "Toimenpide", "Vastuutaho", "Seurantamittari", "Toteutuminen", "Kommentti"),
    "sv": ("Mål", "Åtgärd", "Ansvarig", "Uppföljningsmätare", "Förverkligande", "Kommentar"),
    "en": ("Goal", "Measure", "Responsible", "Metric", "Status", "Comment"),
}
ALIASES = {
    "toimenpiteet": "measure",
    "toimenpiteet / indikaattori": "measure",
    "seuranta- mittari": "metric",
    "seurantamittari": "metric",
    "toteutuminen kyllä/osittain/ei": "status",
}
STATUS_WORDS = {
    "yes": "yes", "kyllä": "yes", "toteutuu": "yes", "ja": "yes",
    "partly": "partly", "osittain": "partly", "delvis": "partly",
    "no": "no", "ei": "no", "nej": "no",
    "not_evaluated": "not_evaluated", "ei arvioitu": "not_evaluated",
}  # fmt: skip
WORDS = {
    "fi": {"yes": "kyllä", "partly": "osittain", "no": "ei", "not_evaluated": "ei arvioitu"},
    "sv": {"yes": "ja", "partly": "delvis", "no": "nej", "not_evaluated": "ej bedömd"},
    "en": {"yes": "yes", "partly": "partly", "no": "no", "not_evaluated": "not_evaluated"},
}
STATUS_WORDS.update({"ej bedömd": "not_evaluated"})
MAX_ROWS = 5000
MAX_CELL = 10_000
MAX_TITLE = 1000  # goals and measures


class TableError(ValueError):
    """The file as a whole cannot be read (not CSV/XLSX, no header row, no goal column)."""


@dataclass
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class TableRow:
    row: int
    goal: str
    measure: str
    responsible: list[str] = field(default_factory=list)
    metric: str | None = None
    status: str | None = None  # yes / partly / no / not_evaluated, None when the cell is empty
    comment: str | None = None


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\n", " ")).strip().lower().rstrip(":")


HEADER_KEYS = {
    _key(h): col for words in HEADINGS.values() for h, col in zip(words, COLUMNS, strict=True)
}
HEADER_KEYS |= {col: col for col in COLUMNS} | ALIASES


def column_of(header: str) -> str | None:
    return HEADER_KEYS.get(_key(header))


def status_of(text: str) -> str | None:
    """A status cell → yes / partly / no / not_evaluated; the first word counts, so
    "Osittain, käynnissä" is partly. Raises ValueError for anything else."""
    cleaned = _key(text)
    if not cleaned:
        return None
    if cleaned in STATUS_WORDS:
        return STATUS_WORDS[cleaned]
    first = re.split(r"[\s,.;:]+", cleaned, maxsplit=1)[0]
    if first in STATUS_WORDS:
        return STATUS_WORDS[first]
    raise ValueError("use kyllä / osittain / ei (or yes / partly / no)")


def read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError("the CSV file is not UTF-8 text") from exc
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [row for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise TableError(f"the CSV file cannot be read: {exc}") from exc


def read_xlsx(data: bytes) -> list[list[str]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise TableError("the file is not an XLSX workbook") from exc
    sheet = book.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append(["" if v is None else str(v) for v in values])
        if len(rows) > MAX_ROWS + 1:
            break
    book.close()
    return rows


def split_names(text: str) -> list[str]:
    """ "Peso, Tesa, kunnat" or one name a line → the names."""
    return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]


def parse(raw: list[list[str]]) -> tuple[list[TableRow], list[RowError]]:
    """Rows of cells (the first non-empty row is the header) → table rows and row errors."""
    lines = [(n, row) for n, row in enumerate(raw, start=1) if any(c.strip() for c in row)]
    if not lines:
        raise TableError("the file has no header row")
    _, header = lines[0]
    columns = [column_of(cell) for cell in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        known = ", ".join(HEADINGS["fi"] + COLUMNS)
        raise TableError(f"no column for {', '.join(missing)} (headers understood: {known})")
    if len(lines) - 1 > MAX_ROWS:
        raise TableError(f"at most {MAX_ROWS} rows in one file")
    # Errors name the column as the file's own header says it ("Toteutuminen").
    named = {c: h.strip() for c, h in zip(columns, header, strict=True) if c is not None}
    rows, errors = [], []
    for number, cells in lines[1:]:
        values = {c: "" for c in COLUMNS}
        for column, cell in zip(columns, cells, strict=False):
            if column is not None:
                values[column] = cell.strip()
        row_errors = [
            RowError(number, named[c], "must not be empty") for c in REQUIRED if not values[c]
        ]
        for c in COLUMNS:
            if len(values[c]) > (MAX_TITLE if c in REQUIRED else MAX_CELL):
                row_errors.append(RowError(number, named.get(c, c), "too long"))
        status = None
        try:
            status = status_of(values["status"])
        except ValueError as exc:
            row_errors.append(RowError(number, named["status"], f"{values['status']!r}: {exc}"))
        if row_errors:
            errors += row_errors
            continue
        rows.append(
            TableRow(
                row=number,
                goal=values["goal"],
                measure=values["measure"],
                responsible=split_names(values["responsible"]),
                metric=values["metric"] or None,
                status=status,
                comment=values["comment"] or None,
            )
        )
    return rows, errors


def cells(row: TableRow, language: str) -> list[str]:
    words = WORDS[language]
    return [
        row.goal,
        row.measure,
        ", ".join(row.responsible),
        row.metric or "",
        words[row.status] if row.status else "",
        row.comment or "",
    ]


def write_csv(rows: list[TableRow], language: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADINGS[language])
    for row in rows:
        writer.writerow(cells(row, language))
    # A byte order mark so that Excel opens the UTF-8 file with ä and ö intact.
    return ("\ufeff" + out.getvalue()).encode()


def write_xlsx(rows: list[TableRow], language: str, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31] or "Seuranta"
    sheet.append(list(HEADINGS[language]))
    for row in rows:
        sheet.append(cells(row, language))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
