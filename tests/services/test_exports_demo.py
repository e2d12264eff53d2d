"""From the demo project to a pptx deck, a docx report and an xlsx summary in under a minute; each file opens."""

from __future__ import annotations

import csv
import io
import time
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook
from pptx import Presentation
from sqlalchemy.orm import Session

from fieldnotes.services import demo, exports
from fieldnotes.services.report import report_data

pytestmark = pytest.mark.slow


@pytest.fixture
def demo_project(session: Session) -> int:
    return demo.load_demo(session, actor="t").id


def test_exports_demo_to_deck_report_and_workbook_under_a_minute(session: Session, demo_project: int) -> None:
    start = time.perf_counter()
    data = report_data(session, demo_project, lang="nl")
    files: dict[str, bytes] = {}
    for fmt in ("pptx", "docx", "xlsx"):
        buf = io.BytesIO()
        exports.write_export(session, demo_project, fmt, buf, data=data)
        files[fmt] = buf.getvalue()
    elapsed = time.perf_counter() - start
    print(f"\ndemo -> pptx + docx + xlsx in {elapsed:.1f} s")
    assert elapsed < 60
    deck = Presentation(io.BytesIO(files["pptx"]))
    assert len(deck.slides) == 4 + len(data.themes)
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    assert any("Gemeente Lindeveen" in t for t in texts)
    report = Document(io.BytesIO(files["docx"]))
    assert any("Gemeente Lindeveen" in p.text for p in report.paragraphs)
    assert report.inline_shapes, "the heatmap and culture map are embedded as images"
    book = load_workbook(io.BytesIO(files["xlsx"]))
    assert {"Summary", "Passages"} <= set(book.sheetnames)
    assert book["Passages"].max_row > 100


def test_exports_demo_every_format_opens(session: Session, demo_project: int) -> None:
    data = report_data(session, demo_project, lang="en")
    for fmt in exports.FORMATS:
        buf = io.BytesIO()
        exports.write_export(session, demo_project, fmt, buf, data=data, lang="en")
        raw = buf.getvalue()
        assert raw, fmt
        if fmt == "csv":
            rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=","))
            assert len(rows) > 100
        if fmt in ("qdpx", "docx", "pptx", "xlsx"):
            assert zipfile.is_zipfile(io.BytesIO(raw))


def test_exports_document_quotes_are_pseudonymised(session: Session, demo_project: int) -> None:
    data = report_data(session, demo_project, lang="nl")
    buf = io.BytesIO()
    exports.write_export(session, demo_project, "md", buf, data=data)
    md = buf.getvalue().decode("utf-8")
    quoted = [q.text for qs in data.quotes.values() for q in qs]
    assert quoted
    assert any(q.text not in md for qs in data.quotes.values() for q in qs) or "[PERSOON-" in md
