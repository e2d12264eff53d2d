"""REFI-QDA through the services: the real files from other tools import and export again intact."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldnotes.domain.enums import CodingStatus
from fieldnotes.domain.notes import NoteInput
from fieldnotes.export import refiqda as q
from fieldnotes.services import coding, notes, projects, qda
from fieldnotes.storage.models import Coding, Passage, Theme

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "refi-qda"


def _real(name: str) -> Path:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


def _selections(project: q.QdaProject) -> list[tuple[str, int, int, frozenset[str]]]:
    codes = {c.guid: c.name for c in q.iter_codes(project.codes)}
    return sorted(
        (src.text[sel.start : sel.end], sel.start, sel.end,
         frozenset(codes[c.code_guid] for c in sel.codings))
        for src in project.sources
        for sel in src.selections
    )


def test_qda_real_qualcoder_file_imports_and_exports_intact(session: Session) -> None:
    original = q.read_qdpx(io.BytesIO(_real("qc_demo_project.qdpx").read_bytes()))
    report = qda.import_qdpx(session, io.BytesIO(_real("qc_demo_project.qdpx").read_bytes()), actor="t")
    assert report.codes == 262 and report.notes == 2
    assert report.selections == 158
    assert report.codings + sum("duplicate" in s for s in report.skipped) == 205
    pid = projects.resolve_project(session, report.project).id
    out = io.BytesIO()
    qda.export_qdpx(session, pid, out)
    again = q.read_qdpx(io.BytesIO(out.getvalue()))
    names_before = {c.name for c in q.iter_codes(original.codes)}
    assert names_before <= {c.name for c in q.iter_codes(again.codes)}
    # every coded selection is back at the same characters with the same codes
    assert _selections(original) == [s for s in _selections(again) if s[3] & {c.name for c in q.iter_codes(original.codes)}]


def test_qda_real_nvivo_file_keeps_the_code_hierarchy(session: Session) -> None:
    original = q.read_qdpx(io.BytesIO(_real("nvivo_project.qdpx").read_bytes()))
    report = qda.import_qdpx(session, io.BytesIO(_real("nvivo_project.qdpx").read_bytes()), actor="t")
    assert report.codes == 262
    pid = projects.resolve_project(session, report.project).id
    themes = {t.id: t for t in session.scalars(select(Theme).where(Theme.project_id == pid))}
    depth = max(_depth(t, themes) for t in themes.values())
    assert depth >= 3
    out = io.BytesIO()
    qda.export_qdpx(session, pid, out)
    again = q.read_qdpx(io.BytesIO(out.getvalue()))
    assert {c.name for c in q.iter_codes(original.codes)} <= {c.name for c in q.iter_codes(again.codes)}


def _depth(theme: Theme, themes: dict[int, Theme]) -> int:
    d = 1
    while theme.parent_id is not None:
        theme, d = themes[theme.parent_id], d + 1
    return d


def test_qda_round_trip_keeps_notes_codes_codings_and_positions(session: Session, project_id: int) -> None:
    text = "Regel één 🎉\r\nHet KCC werd overspoeld;\tniemand wist van de brief. <b>echt</b>"
    rec = notes.create_note(session, project_id, NoteInput(text=text, consultant="Anouk", department="KCC",
                                                           title="Meelopen"), "Anouk")
    themes = {t.key: t.id for t in coding.list_themes(session, project_id)}
    start = text.index("Het KCC")
    coding.add_selection(session, project_id, rec.id, start, start + 24, themes["surprise"], "Anouk")
    coding.add_selection(session, project_id, rec.id, 0, 11, themes["ideas"], "Bram")
    out = io.BytesIO()
    qda.export_qdpx(session, project_id, out)
    q.validate_project_xml(_project_qde(out.getvalue()))
    report = qda.import_qdpx(session, io.BytesIO(out.getvalue()), actor="t")
    new_pid = projects.resolve_project(session, report.project).id
    [note] = notes.list_notes(session, new_pid)
    assert note.text == text
    rows = session.execute(
        select(Passage.start, Passage.end, Theme.label, Coding.status)
        .join(Coding, Coding.passage_id == Passage.id)
        .join(Theme, Theme.id == Coding.theme_id)
        .where(Theme.project_id == new_pid)
    ).all()
    assert sorted((s, e, label) for s, e, label, _ in rows) == [
        (0, 11, "Ideeën van de vloer"), (start, start + 24, "Verrassingen")
    ]
    assert all(status is CodingStatus.ACCEPTED for *_, status in rows)
    assert session.scalar(select(func.count(Theme.id)).where(Theme.project_id == new_pid)) >= 6


def _project_qde(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("project.qde")


def test_qda_codebook_export_validates_and_imports(session: Session, project_id: int) -> None:
    out = io.BytesIO()
    qda.export_qdc(session, project_id, out)
    q.validate_codebook_xml(out.getvalue())
    other = projects.create_project(session, "Other").id
    before = session.scalar(select(func.count(Theme.id)).where(Theme.project_id == other))
    assert qda.import_qdc(session, other, io.BytesIO(out.getvalue()), actor="t") == 6
    assert session.scalar(select(func.count(Theme.id)).where(Theme.project_id == other)) == before + 6
