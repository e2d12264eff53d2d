"""Every export format behind one function, for the download buttons and `fieldnotes export`."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from sqlalchemy.orm import Session

from fieldnotes.domain.errors import FieldnotesError
from fieldnotes.domain.report import ReportData
from fieldnotes.services import network, notes_io, pseudonyms, qda
from fieldnotes.services.report import ReportFilter, report_data

REPORT_FORMATS: dict[str, tuple[str, str]] = {
    "csv": ("text/csv", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "md": ("text/markdown", "md"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}
PROJECT_FORMATS: dict[str, tuple[str, str]] = {
    "jsonl": ("application/jsonl", "jsonl"),
    "qdc": ("application/xml", "qdc"),
    "qdpx": ("application/zip", "qdpx"),
}
FORMATS: dict[str, tuple[str, str]] = REPORT_FORMATS | PROJECT_FORMATS
DOCUMENT_FORMATS = ("md", "docx", "pptx")


def _report_writer(fmt: str) -> Callable[[ReportData, BinaryIO], None]:
    if fmt == "csv":
        from fieldnotes.export.tabular import write_csv

        return write_csv
    if fmt == "xlsx":
        from fieldnotes.export.tabular import write_xlsx

        return write_xlsx
    if fmt == "md":
        from fieldnotes.export.report_md import write_markdown

        return write_markdown
    if fmt == "docx":
        from fieldnotes.export.report_docx import write_docx

        return write_docx
    if fmt == "pptx":
        from fieldnotes.export.slides import write_pptx

        return write_pptx
    raise FieldnotesError("error.unknown_format", format=fmt)


def write_export(
    session: Session,
    project_id: int,
    fmt: str,
    fp: BinaryIO,
    *,
    flt: ReportFilter | None = None,
    lang: str = "nl",
    data: ReportData | None = None,
    pseudonymise: bool = True,
) -> None:
    """Write the project (or its filtered report) in `fmt` to a binary file-like object.

    Quotes in the documents for management (md, docx, pptx) are pseudonymised unless `pseudonymise` is False;
    the data exports (csv, xlsx, jsonl, REFI-QDA) keep the text as recorded, for further analysis.
    """
    if fmt == "jsonl":
        notes_io.export_notes_jsonl(session, project_id, fp)
    elif fmt == "qdc":
        qda.export_qdc(session, project_id, fp)
    elif fmt == "qdpx":
        qda.export_qdpx(session, project_id, fp, network.surprise_triples(session, project_id))
    elif fmt in REPORT_FORMATS:
        data = data or report_data(session, project_id, flt, lang)
        if pseudonymise and fmt in DOCUMENT_FORMATS:
            data = pseudonyms.pseudonymised_report(session, project_id, data)
        _report_writer(fmt)(data, fp)
    else:
        raise FieldnotesError("error.unknown_format", format=fmt)
