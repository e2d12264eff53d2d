"""CSV export: BOM, one row per passage, joined themes and scores, formula injection neutralised."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io

from fieldnotes.domain.report import ReportData, ReportPassage, build_report
from fieldnotes.export.tabular import write_csv


def _read(data: ReportData) -> tuple[bytes, list[list[str]]]:
    buf = io.BytesIO()
    write_csv(data, buf)
    raw = buf.getvalue()
    sep = ";" if data.lang == "nl" else ","
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=sep))


def test_tabular_csv_rows(report: ReportData) -> None:
    raw, rows = _read(report)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert rows[0] == ["Notitie", "Afdeling", "Datum", "Consultant", "Soort", "Passage",
                       "Geaccepteerde thema's", "Voorgestelde thema's (score)"]
    assert len(rows) == 1 + len(report.passages)
    first = report.passages[0]
    assert rows[1][:6] == [first.note_id, first.department, first.date.isoformat(), first.consultant,
                           first.kind, first.text]


def test_tabular_csv_themes_and_scores(report_en: ReportData) -> None:
    passage = ReportPassage("7", "ICT", None, None, "interview", "Tekst", ("silos", "no_time"),
                            (("ideas", 0.55), ("surprise", 0.912)))
    data = dataclasses.replace(report_en, passages=(passage,))
    _, rows = _read(data)
    assert rows[0][0] == "Note"
    assert rows[1] == ["7", "ICT", "", "", "interview", "Tekst", "silos; no_time", "surprise:0.91; ideas:0.55"]


def test_tabular_csv_formula_injection() -> None:
    passages = [
        ReportPassage("=1+1", "@ICT", dt.date(2024, 1, 2), "+Anna", "observation", "-5 klanten belden =SUM(A1)",
                      ("silos",)),
        ReportPassage("-5", "\tBeleid", None, None, "interview", "\r=cmd", ()),
    ]
    data = build_report("P", (), passages, lang="en")
    _, rows = _read(data)
    assert rows[1][:6] == ["'=1+1", "'@ICT", "2024-01-02", "'+Anna", "observation", "'-5 klanten belden =SUM(A1)"]
    assert rows[2][0] == "-5"  # a number stays a number
    assert rows[2][1] == "'\tBeleid"
    assert rows[2][5] == "'\r=cmd"
    for row in rows[1:]:
        assert not any(cell[:1] in "=+@\t\r" for cell in row if cell)


def test_tabular_csv_delimiter(report_en: ReportData) -> None:
    buf = io.BytesIO()
    write_csv(report_en, buf, delimiter="\t")
    header = buf.getvalue().decode("utf-8-sig").splitlines()[0]
    assert header.split("\t")[:2] == ["Note", "Department"]
