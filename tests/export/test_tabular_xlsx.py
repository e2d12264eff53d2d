"""Excel export: Summary and Passages sheets, styling, numbers stay numbers, no formulas from user text."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from fieldnotes.domain.report import ReportData, ReportPassage, ReportTheme, build_report
from fieldnotes.export.tabular import write_xlsx


def _book(data: ReportData):
    buf = io.BytesIO()
    write_xlsx(data, buf)
    buf.seek(0)
    return load_workbook(buf)


def test_tabular_xlsx_sheets(report: ReportData) -> None:
    book = _book(report)
    assert book.sheetnames == ["Summary", "Passages"]
    summary, passages = book["Summary"], book["Passages"]
    assert summary.freeze_panes == "A2" and passages.freeze_panes == "A2"
    assert summary["A1"].value == "Thema" and summary["A1"].font.bold
    assert passages.max_row == 1 + len(report.passages)
    assert passages["F2"].value == report.passages[0].text
    assert passages["F2"].alignment.wrap_text
    assert passages.column_dimensions["F"].width == 90


def test_tabular_xlsx_summary_numbers(report: ReportData) -> None:
    summary = _book(report)["Summary"]
    rows = list(summary.iter_rows(min_row=2, values_only=True))
    expected = [(t.label, c.department, c.count) for t in report.themes for c in report.cells(t.key)]
    assert [(r[0], r[2], r[3]) for r in rows] == expected
    for label, key, dept, count, share, example in rows:
        assert isinstance(count, int) and isinstance(share, float)
        assert 0 < share <= 1
        assert example  # every non-empty cell has an example passage
    labels = {t.label for t in report.themes}
    assert {r[0] for r in rows} <= labels and len({r[0] for r in rows}) == len(labels)


def test_tabular_xlsx_formula_injection() -> None:
    themes = (ReportTheme("silos", "=Silo's"),)
    passages = (
        ReportPassage("1", "=Afdeling", dt.date(2024, 5, 1), "@Jan", "observation", "=HYPERLINK(\"http://x\")",
                      ("silos",)),
        ReportPassage("2", "-5 klanten", None, None, "interview", "+31 6 1234\x01 5678", ("silos",)),
    )
    book = _book(build_report("P", themes, passages))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=1):
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    assert cell.value[:1] not in "=+-@\t\r", cell.coordinate
    passages_sheet = book["Passages"]
    assert passages_sheet["F2"].value == "'=HYPERLINK(\"http://x\")"
    assert passages_sheet["F3"].value == "'+31 6 1234 5678"  # control character dropped, text readable
    summary = book["Summary"]
    assert summary["A2"].value == "'=Silo's"
    assert summary["C2"].value in ("'=Afdeling", "'-5 klanten")
    assert isinstance(summary["D2"].value, int)
