"""Use cases for field notes: capture, edit, list, delete and undo."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload

from fieldnotes.domain.errors import NotFoundError
from fieldnotes.domain.notes import NoteFilter, NoteInput, NoteRecord, validate_note
from fieldnotes.services import events, projects
from fieldnotes.storage.models import Consultant, Department, Note, utcnow


def _record(n: Note) -> NoteRecord:
    return NoteRecord(
        id=n.id,
        project_id=n.project_id,
        kind=n.kind,
        date=n.date,
        consultant=n.consultant.name if n.consultant else None,
        department=n.department.name if n.department else None,
        role=n.role,
        location=n.location,
        title=n.title,
        text=n.text,
        lang=n.lang,
        external_id=n.external_id,
        created_at=n.created_at,
        updated_at=n.updated_at,
    )


def _live_note(session: Session, project_id: int, note_id: int) -> Note:
    note = session.get(Note, note_id)
    if note is None or note.project_id != project_id or note.deleted_at is not None:
        raise NotFoundError("error.no_such_note", id=note_id)
    return note


def _apply(session: Session, project_id: int, note: Note, data: NoteInput) -> None:
    note.kind = data.kind
    note.date = data.date
    note.consultant_id = projects.consultant_id(session, project_id, data.consultant)
    note.department_id = projects.department_id(session, project_id, data.department)
    note.role = data.role
    note.location = data.location
    note.title = data.title
    note.text = data.text
    note.external_id = data.external_id or note.external_id


def create_note(
    session: Session, project_id: int, data: NoteInput, actor: str | None = None, *, analyse: bool = True
) -> NoteRecord:
    """Validate and store a note, then split it into passages and tag them (unless `analyse` is False)."""
    data = validate_note(data)
    note = Note(project_id=project_id, text=data.text)
    _apply(session, project_id, note, data)
    session.add(note)
    session.flush()
    events.record(session, project_id, actor, "note.create", "note", note.id, title=note.title)
    if analyse:
        from fieldnotes.services import tagging  # spaCy loads only when a note is analysed

        tagging.analyse_notes(session, [note], langs=[data.lang])
    else:
        note.lang = data.lang
    session.flush()
    session.refresh(note)
    return _record(note)


def update_note(
    session: Session, project_id: int, note_id: int, data: NoteInput, actor: str | None = None
) -> NoteRecord:
    """Edit a note; when its text changes, passages and suggestions are rebuilt."""
    data = validate_note(data)
    note = _live_note(session, project_id, note_id)
    text_changed = note.text != data.text
    before = {"title": note.title, "text_length": len(note.text)}
    _apply(session, project_id, note, data)
    note.updated_at = utcnow()
    events.record(session, project_id, actor, "note.update", "note", note.id, before=before, text_changed=text_changed)
    if text_changed:
        from fieldnotes.services import tagging  # spaCy loads only when a note is analysed

        tagging.analyse_notes(session, [note], langs=[data.lang])
    session.flush()
    session.refresh(note)
    return _record(note)


def delete_note(session: Session, project_id: int, note_id: int, actor: str | None = None) -> None:
    """Move a note to the bin; `restore_note` undoes it."""
    note = _live_note(session, project_id, note_id)
    note.deleted_at = utcnow()
    events.record(session, project_id, actor, "note.delete", "note", note.id, title=note.title)


def restore_note(session: Session, project_id: int, note_id: int, actor: str | None = None) -> NoteRecord:
    """Undo a delete."""
    note = session.get(Note, note_id)
    if note is None or note.project_id != project_id:
        raise NotFoundError("error.no_such_note", id=note_id)
    note.deleted_at = None
    events.record(session, project_id, actor, "note.restore", "note", note.id, title=note.title)
    return _record(note)


def get_note(session: Session, project_id: int, note_id: int) -> NoteRecord:
    """One live note."""
    return _record(_live_note(session, project_id, note_id))


def _filtered(project_id: int, flt: NoteFilter) -> Select[tuple[Note]]:
    stmt = (
        select(Note)
        .where(Note.project_id == project_id, Note.deleted_at.is_(None))
        .outerjoin(Note.department)
        .outerjoin(Note.consultant)
        .options(joinedload(Note.department), joinedload(Note.consultant))
    )
    if flt.query:
        like = f"%{flt.query.strip().lower()}%"
        stmt = stmt.where(
            or_(func.lower(Note.text).like(like), func.lower(func.coalesce(Note.title, "")).like(like))
        )
    if flt.departments:
        stmt = stmt.where(Department.name.in_(flt.departments))
    if flt.kinds:
        stmt = stmt.where(Note.kind.in_(flt.kinds))
    if flt.consultants:
        stmt = stmt.where(Consultant.name.in_(flt.consultants))
    if flt.date_from:
        stmt = stmt.where(Note.date >= flt.date_from)
    if flt.date_to:
        stmt = stmt.where(Note.date <= flt.date_to)
    if flt.note_ids:
        stmt = stmt.where(Note.id.in_(flt.note_ids))
    return stmt


def list_notes(session: Session, project_id: int, flt: NoteFilter | None = None) -> list[NoteRecord]:
    """Live notes matching the filter, newest date first."""
    stmt = _filtered(project_id, flt or NoteFilter()).order_by(Note.date.desc().nulls_last(), Note.id.desc())
    return [_record(n) for n in session.scalars(stmt).unique()]


def count_notes(session: Session, project_id: int) -> int:
    """Number of live notes in a project."""
    return int(
        session.scalar(
            select(func.count(Note.id)).where(Note.project_id == project_id, Note.deleted_at.is_(None))
        )
        or 0
    )


def date_range(session: Session, project_id: int) -> tuple[dt.date | None, dt.date | None]:
    """Earliest and latest note date, for default filter bounds."""
    row = session.execute(
        select(func.min(Note.date), func.max(Note.date)).where(
            Note.project_id == project_id, Note.deleted_at.is_(None)
        )
    ).one()
    return row[0], row[1]


def list_deleted(session: Session, project_id: int, limit: int = 50) -> list[NoteRecord]:
    """Notes in the bin, most recently deleted first, so any delete can be undone later."""
    stmt = (
        select(Note)
        .where(Note.project_id == project_id, Note.deleted_at.is_not(None))
        .order_by(Note.deleted_at.desc())
        .limit(limit)
    )
    return [_record(n) for n in session.scalars(stmt)]


def filter_options(session: Session, project_id: int) -> dict[str, list[str]]:
    """Values offered by the note-list filters."""
    depts = session.scalars(
        select(Department.name).where(Department.project_id == project_id).order_by(Department.name)
    )
    return {"departments": list(depts), "consultants": projects.consultant_names(session, project_id)}
