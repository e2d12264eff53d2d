"""Import and export of notes as JSONL: all-or-nothing imports, byte-exact text round trips."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldnotes.domain.errors import FieldnotesError, ImportFileError, ValidationError
from fieldnotes.domain.notes import NoteInput, decode_upload, parse_date, parse_kind, validate_note
from fieldnotes.services import events, notes, tagging
from fieldnotes.storage.models import Note

NOTE_FIELDS = ("id", "text", "lang", "department", "kind", "date", "consultant", "title", "role", "location")


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    imported: int
    skipped_existing: int
    passages: int


def parse_notes_jsonl(text: str) -> list[NoteInput]:
    """Parse and validate every line first; the first bad line raises an error that names it.

    Blank lines are allowed. Nothing is stored here, which makes the import all-or-nothing.
    """
    seen: dict[str, int] = {}
    parsed: list[NoteInput] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFileError("error.jsonl_syntax", line=lineno, detail=exc.msg) from None
        if not isinstance(obj, dict):
            raise ImportFileError("error.jsonl_not_object", line=lineno)
        if "text" not in obj:
            raise ImportFileError("error.jsonl_missing", line=lineno, field="text")
        ext_id = obj.get("id")
        if ext_id is None or (isinstance(ext_id, str) and not ext_id.strip()):
            raise ImportFileError("error.jsonl_missing", line=lineno, field="id")
        ext_id = str(ext_id)
        if ext_id in seen:
            raise ImportFileError("error.jsonl_duplicate_id", line=lineno, id=ext_id, first=seen[ext_id])
        seen[ext_id] = lineno
        try:
            text_value = obj["text"]
            if isinstance(text_value, str):
                text_value.encode("utf-8")
            note = validate_note(
                NoteInput(
                    text=text_value,
                    kind=parse_kind(obj.get("kind")),
                    date=parse_date(obj.get("date")),
                    consultant=_opt_str(obj.get("consultant")),
                    department=_opt_str(obj.get("department")),
                    role=_opt_str(obj.get("role")),
                    location=_opt_str(obj.get("location")),
                    title=_opt_str(obj.get("title")),
                    lang=_opt_str(obj.get("lang")),
                    external_id=ext_id,
                )
            )
        except UnicodeEncodeError:
            raise ImportFileError("error.jsonl_line", line=lineno, detail="invalid unicode (lone surrogate)") from None
        except FieldnotesError as exc:
            raise ImportFileError("error.jsonl_line_key", line=lineno, reason_key=exc.key, reason_params=exc.params) from None
        parsed.append(note)
    if not parsed:
        raise ImportFileError("error.jsonl_empty")
    return parsed


def _opt_str(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (str, int, float)):
        return str(value)
    raise ValidationError("error.not_text", field="metadata")


def import_notes_jsonl(
    session: Session,
    project_id: int,
    data: bytes,
    actor: str | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import a JSONL file of notes: every line is valid or nothing is stored.

    Notes whose id already exists in the project are skipped (reported), so re-importing a file is safe.
    """
    inputs = parse_notes_jsonl(decode_upload(data))
    existing = set(
        session.scalars(select(Note.external_id).where(Note.project_id == project_id, Note.deleted_at.is_(None)))
    )
    fresh = [n for n in inputs if n.external_id not in existing]
    created: list[Note] = []
    for data_in in fresh:
        record = notes.create_note(session, project_id, data_in, actor, analyse=False)
        created.append(session.get_one(Note, record.id))
    passages = tagging.analyse_notes(session, created, langs=[n.lang for n in fresh], progress=progress)
    events.record(
        session, project_id, actor, "notes.import", "project", project_id, imported=len(created),
        skipped=len(inputs) - len(fresh),
    )
    return ImportReport(len(created), len(inputs) - len(fresh), passages)


def export_notes_jsonl(session: Session, project_id: int, fp: IO[bytes]) -> int:
    """Write every live note as one JSON line; the text is written exactly as stored."""
    count = 0
    for note in reversed(notes.list_notes(session, project_id)):
        line = {
            "id": note.external_id or f"note-{note.id}",
            "text": note.text,
            "lang": note.lang,
            "department": note.department,
            "kind": note.kind.value,
            "date": note.date.isoformat() if note.date else None,
            "consultant": note.consultant,
            "title": note.title,
            "role": note.role,
            "location": note.location,
        }
        fp.write(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")
        count += 1
    return count
