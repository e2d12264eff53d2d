"""Word report: read back with python-docx and check headings, numbers, images, quotes and the edge table."""

from __future__ import annotations

import dataclasses
import io

import pytest
from docx import Document

from fieldnotes.domain.report import Quote, ReportData
from fieldnotes.export.report_docx import write_docx

pytestmark = pytest.mark.usefixtures("matplotlib_charts")


def _doc(data: ReportData, images: dict[str, bytes] | None = None):
    buf = io.BytesIO()
    write_docx(data, buf, images=images)
    buf.seek(0)
    return Document(buf)


def test_report_docx_content_structure(report: ReportData) -> None:
    doc = _doc(report)
    paragraphs = doc.paragraphs
    assert paragraphs[0].text == report.project and paragraphs[0].style.name == "Title"
    assert paragraphs[1].text == report.subtitle
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == ["Samenvatting", "Thema's per afdeling", "Cultuurkaart: wie verrast wie",
                            "Thema's in de tijd"]
    assert [t.label for t in report.themes] == [h for h in headings if h in {t.label for t in report.themes}]
    assert "Verrassingen tussen afdelingen" in headings
    assert len(doc.inline_shapes) == 3


def test_report_docx_content_numbers_and_edges(report: ReportData, pngs: dict[str, bytes]) -> None:
    doc = _doc(report, pngs)
    summary, edges = doc.tables
    numbers = {row.cells[0].text: row.cells[1].text for row in summary.rows}
    assert numbers["Passages"] == str(report.headline["passages"])
    assert numbers["Gecodeerde passages"] == str(report.headline["coded_passages"])
    rows = [[c.text for c in row.cells] for row in edges.rows]
    assert rows[0] == ["Veroorzaker", "Verraste afdeling", "Aantal"]
    assert rows[1] == ["ICT", "Klantcontact", "5"]
    assert len(rows) == 1 + len(report.edges)


def test_report_docx_content_quotes(report: ReportData, pngs: dict[str, bytes]) -> None:
    quote = Quote("silos", "Niemand vertelt ons iets <b>nieuws</b>.", "Backoffice", "N3", False, 0.87,
                  report.passages[0].date)
    data = dataclasses.replace(report, quotes={**report.quotes, "silos": (quote,)})
    doc = _doc(data, pngs)
    quoted = [p.text for p in doc.paragraphs if p.style.name == "Quote"]
    assert quote.text in quoted
    attribution = quoted[quoted.index(quote.text) + 1]
    assert attribution == f"— Backoffice, {quote.date.isoformat()}, voorstel, score 0.87"
    for theme in report.themes:
        if theme.definition:
            assert any(p.text == theme.definition for p in doc.paragraphs)


def test_report_docx_content_without_edges(report_en: ReportData, pngs: dict[str, bytes]) -> None:
    data = dataclasses.replace(report_en, edges=(), nodes=())
    doc = _doc(data, pngs)
    assert any(p.text == "No surprises recorded." for p in doc.paragraphs)
    assert len(doc.tables) == 1
