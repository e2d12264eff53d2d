"""REFI-QDA exchange: map a fieldnotes project to a QdaProject and back (ATLAS.ti, NVivo, MAXQDA, QualCoder)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldnotes.domain.enums import CodingSource, CodingStatus
from fieldnotes.domain.errors import ImportFileError, ValidationError
from fieldnotes.domain.notes import NoteInput, validate_text
from fieldnotes.export import refiqda as q
from fieldnotes.services import events, notes, projects, tagging
from fieldnotes.storage.models import Coding, Consultant, Department, Memo, Note, Passage, Project, Theme

NOTE_VARIABLES: tuple[tuple[str, q.VariableType], ...] = (
    ("date", q.VariableType.DATE),
    ("kind", q.VariableType.TEXT),
    ("consultant", q.VariableType.TEXT),
    ("department", q.VariableType.TEXT),
    ("role", q.VariableType.TEXT),
    ("location", q.VariableType.TEXT),
    ("language", q.VariableType.TEXT),
)


@dataclass
class QdaImportReport:
    """What a REFI-QDA import brought in, and what it could not."""

    project: str
    codes: int = 0
    notes: int = 0
    selections: int = 0
    codings: int = 0
    skipped: list[str] = field(default_factory=list)


def build_qda_project(session: Session, project_id: int, surprises: list[tuple[str, str, int]] | None = None) -> q.QdaProject:
    """The project as REFI-QDA: consultants as Users, themes as Codes, notes as TextSources with
    PlainTextSelections and Codings (accepted decisions), departments as Cases, surprises as Links,
    note metadata as Variables, memos as Notes.

    `surprises` are (source department, target department, passage id) triples from the culture map.
    """
    project = session.get_one(Project, project_id)
    users = {c.id: q.QdaUser(q.new_guid(), c.name, c.name[:8]) for c in session.scalars(
        select(Consultant).where(Consultant.project_id == project_id).order_by(Consultant.id))}
    themes = list(session.scalars(select(Theme).where(Theme.project_id == project_id).order_by(Theme.id)))
    codes = {t.id: q.QdaCode(q.new_guid(), t.label, t.color if re.fullmatch(r"#[0-9a-fA-F]{6}", t.color or "") else None,
                             t.definition, True) for t in themes}
    roots: list[q.QdaCode] = []
    for t in themes:
        if t.parent_id and t.parent_id in codes and t.parent_id != t.id:
            codes[t.parent_id].children.append(codes[t.id])
        else:
            roots.append(codes[t.id])
    variables = {name: q.QdaVariable(q.new_guid(), name, vtype) for name, vtype in NOTE_VARIABLES}
    cases = {d.id: q.QdaCase(q.new_guid(), d.name, ", ".join(a.alias for a in d.aliases)) for d in session.scalars(
        select(Department).where(Department.project_id == project_id).order_by(Department.id))}
    qnotes: list[q.QdaNote] = []
    selection_guid: dict[int, str] = {}
    sources: list[q.QdaSource] = []
    live = list(session.scalars(
        select(Note).where(Note.project_id == project_id, Note.deleted_at.is_(None)).order_by(Note.id)))
    for note in live:
        values: list[q.QdaVariableValue] = []
        meta: dict[str, object] = {
            "date": note.date, "kind": note.kind.value, "consultant": note.consultant.name if note.consultant else None,
            "department": note.department.name if note.department else None, "role": note.role,
            "location": note.location, "language": note.lang,
        }
        for name, value in meta.items():
            if value is not None and value != "":
                values.append(q.QdaVariableValue(variables[name].guid, value))  # type: ignore[arg-type]
        source = q.QdaSource(q.new_guid(), note.title or note.external_id or f"note-{note.id}", note.text,
                             variables=values, user_guid=users[note.consultant_id].guid if note.consultant_id else None,
                             created=note.created_at, modified=note.updated_at)
        for passage in note.passages:
            accepted = list(session.scalars(select(Coding).where(
                Coding.passage_id == passage.id, Coding.status == CodingStatus.ACCEPTED).order_by(Coding.id)))
            if not accepted:
                continue
            sel = q.QdaSelection(q.new_guid(), passage.start, passage.end, name=passage.text[:60],
                                 codings=[q.QdaCoding(q.new_guid(), codes[c.theme_id].guid, users[c.user_id].guid,
                                                      c.decided_at) for c in accepted])
            selection_guid[passage.id] = sel.guid
            source.selections.append(sel)
        for memo in session.scalars(select(Memo).where(Memo.note_id == note.id)):
            qn = q.QdaNote(q.new_guid(), f"memo {memo.id}", memo.text,
                           users[memo.user_id].guid if memo.user_id in users else None, memo.created_at)
            qnotes.append(qn)
            source.note_guids.append(qn.guid)
        if note.department_id in cases:
            cases[note.department_id].source_guids.append(source.guid)
        sources.append(source)
    links: list[q.QdaLink] = []
    by_name = {c.name: c for c in cases.values()}
    for src, dst, passage_id in surprises or []:
        if src in by_name and dst in by_name:
            origin = selection_guid.get(passage_id, by_name[src].guid)
            links.append(q.QdaLink(q.new_guid(), f"surprise: {src} -> {dst}", origin, by_name[dst].guid))
    return q.QdaProject(
        name=project.name, users=list(users.values()), codes=roots, sources=sources, cases=list(cases.values()),
        links=links, variables=list(variables.values()), notes=qnotes, description=project.description,
        created=project.created_at, modified=dt.datetime.now(dt.UTC),
    )


def export_qdpx(session: Session, project_id: int, fp: BinaryIO, surprises: list[tuple[str, str, int]] | None = None) -> None:
    """Write the project as a validated .qdpx file."""
    q.write_qdpx(build_qda_project(session, project_id, surprises), fp)


def export_qdc(session: Session, project_id: int, fp: BinaryIO) -> None:
    """Write the project's codebook as a validated .qdc file."""
    q.write_qdc(build_qda_project(session, project_id).codebook, fp)


def _theme_key(label: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", label.casefold()).strip("_")[:60] or "code"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    taken.add(key)
    return key


def _import_codes(session: Session, project_id: int, codes: list[q.QdaCode], actor: str | None) -> dict[str, int]:
    """Create themes for every code, keeping the hierarchy; returns code GUID -> theme id."""
    taken = set(session.scalars(select(Theme.key).where(Theme.project_id == project_id)))
    ids: dict[str, int] = {}

    def walk(code: q.QdaCode, parent: int | None) -> None:
        theme = Theme(project_id=project_id, key=_theme_key(code.name, taken), label=code.name[:200],
                      definition=code.description or "", color=code.color or "#888888", parent_id=parent, cues={})
        session.add(theme)
        session.flush()
        ids[code.guid] = theme.id
        for child in code.children:
            walk(child, theme.id)

    for root in codes:
        walk(root, None)
    events.record(session, project_id, actor, "codebook.import", "project", project_id, codes=len(ids))
    return ids


def import_qdc(session: Session, project_id: int, data: BinaryIO, actor: str | None = None) -> int:
    """Add a REFI-QDA codebook's codes (with hierarchy) to a project; returns the number of codes."""
    try:
        book = q.read_qdc(data)
    except (q.QdaFormatError, q.QdaValidationError) as exc:
        raise ImportFileError("error.qda_unreadable", detail=str(exc)[:300]) from None
    return len(_import_codes(session, project_id, book.codes, actor))


def import_qdpx(session: Session, data: BinaryIO, actor: str | None = None) -> QdaImportReport:
    """Import a REFI-QDA project as a new fieldnotes project: codes with hierarchy, users, source texts,
    selections at their exact character positions with their codings, cases as departments."""
    try:
        qp = q.read_qdpx(data)
    except (q.QdaFormatError, q.QdaValidationError) as exc:
        raise ImportFileError("error.qda_unreadable", detail=str(exc)[:300]) from None
    existing = {p.name for p in projects.list_projects(session)}
    name, n = qp.name or "REFI-QDA import", 2
    while name in existing:
        name, n = f"{qp.name} ({n})", n + 1
    info = projects.create_project(session, name, qp.description, actor)
    report = QdaImportReport(project=name, skipped=list(qp.skipped))
    code_ids = _import_codes(session, info.id, qp.codes, actor)
    report.codes = len(code_ids)
    user_names = {u.guid: (u.name or u.id or u.guid) for u in qp.users}
    for case in qp.cases:
        try:
            projects.save_department(session, info.id, case.name, [], actor=actor)
        except ValidationError:
            report.skipped.append(f"case '{case.name}': duplicate name")
    created: list[Note] = []
    for source in qp.sources:
        try:
            validate_text(source.text)
        except ValidationError as exc:
            report.skipped.append(f"source '{source.name}': {exc}")
            continue
        record = notes.create_note(
            session, info.id,
            NoteInput(text=source.text, title=source.name[:300], external_id=source.guid,
                      consultant=user_names.get(source.user_guid or "")),
            actor, analyse=False,
        )
        note = session.get_one(Note, record.id)
        created.append(note)
        for sel in source.selections:
            if not (0 <= sel.start <= sel.end <= len(source.text)):
                report.skipped.append(f"selection {sel.guid}: outside the text")
                continue
            passage = Passage(note_id=note.id, start=sel.start, end=sel.end, text=source.text[sel.start:sel.end],
                              auto=False)
            session.add(passage)
            session.flush()
            report.selections += 1
            seen: set[tuple[int, int]] = set()
            for coding in sel.codings:
                theme_id = code_ids.get(coding.code_guid)
                if theme_id is None:
                    report.skipped.append(f"coding {coding.guid}: unknown code")
                    continue
                uid = projects.consultant_id(session, info.id, user_names.get(coding.user_guid or "", "REFI-QDA"))
                assert uid is not None
                if (theme_id, uid) in seen:
                    report.skipped.append(f"coding {coding.guid}: duplicate of the same code by the same user")
                    continue
                seen.add((theme_id, uid))
                session.add(Coding(passage_id=passage.id, theme_id=theme_id, source=CodingSource.HUMAN, agent=None,
                                   score=None, status=CodingStatus.ACCEPTED, user_id=uid,
                                   decided_at=coding.created or dt.datetime.now(dt.UTC)))
                report.codings += 1
        report.notes += 1
    session.flush()
    tagging.analyse_notes(session, created)
    events.record(session, info.id, actor, "qdpx.import", "project", info.id, notes=report.notes,
                  codes=report.codes, selections=report.selections, codings=report.codings)
    return report
