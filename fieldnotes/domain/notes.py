"""Field notes as plain data, and the rules a note must meet before it is stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fieldnotes.domain.enums import NoteKind
from fieldnotes.domain.errors import ValidationError

MAX_NOTE_CHARS = 200_000
"""Largest note text accepted, in characters (about 60 pages); bigger texts are split by the consultant."""

MAX_FIELD_CHARS = 300
"""Largest length of short fields such as title, role and location."""


@dataclass(frozen=True)
class NoteInput:
    """What a consultant or an import supplies for one note, before validation."""

    text: str
    kind: NoteKind = NoteKind.OBSERVATION
    date: dt.date | None = None
    consultant: str | None = None
    department: str | None = None
    role: str | None = None
    location: str | None = None
    title: str | None = None
    lang: str | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class NoteRecord:
    """A stored note as the upper layers see it."""

    id: int
    project_id: int
    kind: NoteKind
    date: dt.date | None
    consultant: str | None
    department: str | None
    role: str | None
    location: str | None
    title: str | None
    text: str
    lang: str | None
    external_id: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class NoteFilter:
    """Search and filter options for the note list; None means 'any'."""

    query: str | None = None
    departments: tuple[str, ...] = ()
    kinds: tuple[NoteKind, ...] = ()
    consultants: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    note_ids: tuple[int, ...] = field(default_factory=tuple)


def parse_date(value: object) -> dt.date | None:
    """Parse an ISO date (YYYY-MM-DD); empty means no date, anything else is a validation error."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError("error.invalid_date", value=str(value)[:40])


def parse_kind(value: object) -> NoteKind:
    """Parse a note kind; empty means observation."""
    if value is None or value == "":
        return NoteKind.OBSERVATION
    try:
        return NoteKind(str(value).strip().lower())
    except ValueError:
        raise ValidationError("error.invalid_kind", value=str(value)[:40]) from None


def _clean_short(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError("error.not_text", field=name)
    value = value.strip()
    if not value:
        return None
    if len(value) > MAX_FIELD_CHARS:
        raise ValidationError("error.field_too_long", field=name, limit=MAX_FIELD_CHARS)
    if "\x00" in value:
        raise ValidationError("error.binary_text")
    return value


def validate_text(text: object) -> str:
    """Check a note text: non-empty, within the size limit, no binary content. Returns it unchanged."""
    if not isinstance(text, str):
        raise ValidationError("error.not_text", field="text")
    if not text.strip():
        raise ValidationError("error.empty_text")
    if len(text) > MAX_NOTE_CHARS:
        raise ValidationError("error.text_too_long", limit=MAX_NOTE_CHARS, size=len(text))
    if "\x00" in text or "\ufffd" in text:
        raise ValidationError("error.binary_text")
    return text


def validate_note(note: NoteInput) -> NoteInput:
    """Return a normalised copy of `note` or raise ValidationError. The text itself is kept byte for byte."""
    return NoteInput(
        text=validate_text(note.text),
        kind=parse_kind(note.kind),
        date=parse_date(note.date),
        consultant=_clean_short(note.consultant, "consultant"),
        department=_clean_short(note.department, "department"),
        role=_clean_short(note.role, "role"),
        location=_clean_short(note.location, "location"),
        title=_clean_short(note.title, "title"),
        lang=_clean_short(note.lang, "lang"),
        external_id=_clean_short(note.external_id, "id"),
    )


def decode_upload(data: bytes) -> str:
    """Decode an uploaded file as UTF-8 (with or without BOM); binary or undecodable data is refused."""
    if b"\x00" in data:
        raise ValidationError("error.binary_upload")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError("error.undecodable_upload", position=exc.start) from None
