"""Manual values as CSV: `region_code;region_category;region_title;year;gender;value;
absolute_value` (a header row; `;` or `,`; a decimal comma works with `;`)."""

import csv
import io

from app.core.errors import ValidationFailed
from app.indicators.service import NewValue

COLUMNS = ("region_code", "region_category", "region_title", "year", "gender", "value",
           "absolute_value")  # fmt: skip
REQUIRED = ("region_code", "year", "value")
GENDERS = ("total", "male", "female")
SAMPLE = (
    "region_code;region_category;region_title;year;gender;value\r\n"
    "564;KUNTA;Oulu;2024;total;7,4\r\n"
)
MAX_ROWS = 5000


def _number(text: str) -> float | None:
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    value = float(text.replace(",", "."))
    if value != value or abs(value) > 1e12:
        raise ValueError(text)
    return value


def parse(data: bytes) -> list[NewValue]:
    """Every row or none: a problem names the row (the header is row 1) and the column."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed.field("file", "the CSV is not UTF-8 text") from exc
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise ValidationFailed.field("file", f"the CSV is empty; start with a header: {SAMPLE!r}")
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValidationFailed.field(
            "file", f"the header lacks {', '.join(missing)}; columns: {', '.join(COLUMNS)}"
        )
    if len(rows) - 1 > MAX_ROWS:
        raise ValidationFailed.field("file", f"at most {MAX_ROWS} rows at a time; split the file")
    errors, result = [], []
    for number, raw in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        cell = {name: (raw[i].strip() if i < len(raw) else "") for i, name in enumerate(header)}
        row_errors = []
        code = cell.get("region_code", "")
        if not code or len(code) > 20:
            row_errors.append(("region_code", "give the region's code, e.g. 564"))
        category = (cell.get("region_category") or "KUNTA").upper()
        gender = (cell.get("gender") or "total").lower()
        if gender not in GENDERS:
            row_errors.append(("gender", f"{gender!r} is none of {', '.join(GENDERS)}"))
        try:
            year = int(cell.get("year", ""))
            if not 1900 <= year <= 2100:
                raise ValueError
        except ValueError:
            row_errors.append(("year", f"{cell.get('year')!r} is no year from 1900 to 2100"))
            year = 0
        values = {}
        for column in ("value", "absolute_value"):
            try:
                values[column] = _number(cell.get(column, ""))
            except ValueError:
                row_errors.append((column, f"{cell.get(column)!r} is not a number"))
        for column, message in row_errors:
            errors.append({"row": number, "column": column, "field": column,
                           "location": "file", "message": message})  # fmt: skip
        if not row_errors:
            result.append(NewValue(
                region_code=code, region_category=category,
                region_title=cell.get("region_title") or None, year=year, gender=gender,
                value=values["value"], absolute_value=values["absolute_value"],
            ))  # fmt: skip
    if errors:
        first_error = errors[0]
        raise ValidationFailed(
            f"{len(errors)} problem(s); nothing was written. First: row {first_error['row']}, "
            f"column {first_error['column']}: {first_error['message']}",
            errors=errors,
        )
    if not result:
        raise ValidationFailed.field("file", "the CSV has a header but no values")
    return result
