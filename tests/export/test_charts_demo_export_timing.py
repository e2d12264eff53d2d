"""The whole hand-over (pptx + docx + xlsx) of a realistic study must take well under a minute."""

from __future__ import annotations

import io
import time

import pytest
from docx import Document
from openpyxl import load_workbook
from pptx import Presentation

from fieldnotes.domain.report import ReportData
from fieldnotes.export.charts import browser_path, report_images
from fieldnotes.export.report_docx import write_docx
from fieldnotes.export.slides import write_pptx
from fieldnotes.export.tabular import write_xlsx


@pytest.mark.slow
def test_charts_demo_export_timing(demo_report: ReportData) -> None:
    """Default engine (kaleido if Chromium is there): images rendered once and shared by the writers."""
    assert len(demo_report.passages) == 200 and demo_report.headline["notes"] == 40
    started = time.perf_counter()
    images = report_images(demo_report)
    rendered = time.perf_counter()
    pptx, docx, xlsx = io.BytesIO(), io.BytesIO(), io.BytesIO()
    write_pptx(demo_report, pptx, images=images)
    write_docx(demo_report, docx, images=images)
    write_xlsx(demo_report, xlsx)
    total = time.perf_counter() - started
    print(f"demo export (browser={browser_path()}): images {rendered - started:.2f} s, "
          f"pptx+docx+xlsx {total - (rendered - started):.2f} s, total {total:.2f} s")
    assert total < 60
    assert len(Presentation(pptx).slides) == 4 + len(demo_report.themes)
    assert len(Document(docx).inline_shapes) == 3
    assert load_workbook(xlsx)["Passages"].max_row == 201


@pytest.mark.slow
def test_charts_demo_export_timing_separate_writers(demo_report: ReportData) -> None:
    """Each writer rendering its own images (one browser start each) still stays far under a minute."""
    started = time.perf_counter()
    for write in (write_pptx, write_docx, write_xlsx):
        write(demo_report, io.BytesIO())
    total = time.perf_counter() - started
    print(f"demo export, writers on their own: {total:.2f} s")
    assert total < 60
