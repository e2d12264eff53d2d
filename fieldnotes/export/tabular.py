"""CSV and Excel exports of a `ReportData`, safe against formula injection.

Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` (and, after a tab or carriage
return, whatever follows) as a formula. Field notes are untrusted text, so every text cell goes through
`neutralise`, which puts a single quote in front of such a value: the text stays readable and is never
evaluated. Real numbers (ints, floats, and number-like text such as "-5" or "+3,5") stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from fieldnotes.domain.report import ReportData, ReportPassage

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
"""Leading characters that make a spreadsheet treat a cell as a formula (with their full-width forms)."""

EXCEL_MAX_CHARS = 32_767
"""Longest text an Excel cell holds; longer passages are cut with an ellipsis."""

_NUMBER = re.compile(r"[+-]?(\d+([.,]\d+)?|[.,]\d+)([eE][+-]?\d+)?")

_HEADINGS: dict[str, dict[str, str]] = {
    "nl": {
        "note_id": "Notitie",
        "department": "Afdeling",
        "date": "Datum",
        "consultant": "Consultant",
        "kind": "Soort",
        "text": "Passage",
        "accepted": "Geaccepteerde thema's",
        "suggested": "Voorgestelde thema's (score)",
        "theme": "Thema",
        "theme_key": "Themasleutel",
        "count": "Aantal passages",
        "share": "Aandeel van de afdeling",
        "example": "Voorbeeldcitaat",
        "summary": "Samenvatting",
        "passages": "Passages",
    },
    "en": {
        "note_id": "Note",
        "department": "Department",
        "date": "Date",
        "consultant": "Consultant",
        "kind": "Kind",
        "text": "Passage",
        "accepted": "Accepted themes",
        "suggested": "Suggested themes (score)",
        "theme": "Theme",
        "theme_key": "Theme key",
        "count": "Passages",
        "share": "Share of department",
        "example": "Example quote",
        "summary": "Summary",
        "passages": "Passages",
    },
}

PASSAGE_COLUMNS: tuple[str, ...] = (
    "note_id", "department", "date", "consultant", "kind", "text", "accepted", "suggested",
)
"""Heading keys of the passage columns, shared by the CSV and the 'Passages' sheet."""


def neutralise(value: Any) -> Any:
    """Make one cell value safe to open in a spreadsheet.

    Non-text values are returned unchanged (numbers stay numbers). Text that is a plain number ("-5",
    "+31", "0,5") is returned unchanged too: a spreadsheet reads it as that number, never as a formula.
    Other text starting with a formula character gets a leading single quote: "=SUM(A1)" -> "'=SUM(A1)",
    "-5 klanten" -> "'-5 klanten".
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return "'" + value


def join_accepted(passage: ReportPassage) -> str:
    """Accepted theme keys as 'silos; no_time'."""
    return "; ".join(passage.accepted)


def join_suggested(passage: ReportPassage) -> str:
    """Suggestions as 'silos:0.91; no_time:0.55', highest score first."""
    ranked = sorted(passage.suggested, key=lambda item: -item[1])
    return "; ".join(f"{key}:{score:.2f}" for key, score in ranked)


def passage_rows(data: ReportData) -> Iterable[list[Any]]:
    """One row per passage in `PASSAGE_COLUMNS` order, values not yet neutralised; dates as ISO text."""
    for p in data.passages:
        yield [
            p.note_id,
            p.department or "",
            p.date.isoformat() if p.date else "",
            p.consultant or "",
            p.kind,
            p.text,
            join_accepted(p),
            join_suggested(p),
        ]


def headings(data: ReportData, keys: Sequence[str]) -> list[str]:
    """Column headings in the report language."""
    return [_HEADINGS[data.lang][k] for k in keys]


def write_csv(data: ReportData, fp: BinaryIO, *, delimiter: str | None = None) -> None:
    """One row per passage, UTF-8 with BOM so Excel detects the encoding.

    `delimiter` defaults to ';' for Dutch reports (Dutch Excel splits on semicolons) and ',' for English.
    """
    sep = delimiter or (";" if data.lang == "nl" else ",")
    text = io.StringIO()
    writer = csv.writer(text, delimiter=sep, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(headings(data, PASSAGE_COLUMNS))
    for row in passage_rows(data):
        writer.writerow([neutralise(v) for v in row])
    fp.write(text.getvalue().encode("utf-8-sig"))


def _cell_text(value: Any) -> Any:
    """Neutralise, drop characters XML cannot hold, and cut text to what Excel accepts."""
    value = neutralise(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > EXCEL_MAX_CHARS:
            value = value[: EXCEL_MAX_CHARS - 1] + "…"
    return value


def summary_rows(data: ReportData) -> Iterable[list[Any]]:
    """One row per theme x department with at least one passage: label, key, department, count, share,
    example quote (a quote of that theme from that department, else the first matching passage)."""
    for theme in data.themes:
        quotes = data.quotes.get(theme.key, ())
        for cell in data.cells(theme.key):
            example = next((q.text for q in quotes if q.department == cell.department), None)
            if example is None:
                example = next(
                    (p.text for p in data.passages if p.department == cell.department and theme.key in p.accepted),
                    "",
                )
            yield [theme.label, theme.key, cell.department, cell.count, cell.share, example]


def write_xlsx(data: ReportData, fp: BinaryIO) -> None:
    """Workbook with a 'Summary' sheet (theme x department) and a 'Passages' sheet (the CSV columns).

    Sheet names stay English so formulas and scripts that refer to them work in every report language.
    """
    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    summary_keys = ("theme", "theme_key", "department", "count", "share", "example")
    _fill(summary, headings(data, summary_keys), summary_rows(data), widths=(28, 18, 24, 14, 14, 90))
    for row in summary.iter_rows(min_row=2, min_col=5, max_col=5):
        for cell in row:
            cell.number_format = "0%"
    passages = book.create_sheet("Passages")
    _fill(passages, headings(data, PASSAGE_COLUMNS), passage_rows(data), widths=(10, 22, 12, 18, 14, 90, 28, 34))
    book.properties.title = data.project
    book.save(fp)


def _fill(sheet: Any, header: list[str], rows: Iterable[list[Any]], widths: Sequence[int]) -> None:
    """Write a styled, frozen header and wrapped, neutralised rows."""
    sheet.append([_cell_text(h) for h in header])
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="305496")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    for row in rows:
        sheet.append([_cell_text(v) for v in row])
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
