"""SQLAlchemy 2.0 typed models: the durable shape of a fieldnotes project.

Machine output (`Suggestion`: source model, agent, score) is kept apart from human decisions
(`Coding`: status, user, time). Every change appends an `Event`; events are never updated or deleted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from fieldnotes.domain.enums import CodingSource, CodingStatus, NoteKind

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Timezone-aware now, the only clock the storage layer uses."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations name constraints predictably."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _enum(cls: type) -> Enum:
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class Project(Base):
    """The organisation being studied."""

    __tablename__ = "project"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Department(Base):
    """A unit of the organisation: canonical name plus aliases."""

    __tablename__ = "department"
    __table_args__ = (UniqueConstraint("project_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[DepartmentAlias]] = relationship(
        back_populates="department", cascade="all, delete-orphan", order_by="DepartmentAlias.alias"
    )


class DepartmentAlias(Base):
    """Another name for a department (Dutch or English, abbreviation or full name)."""

    __tablename__ = "department_alias"
    __table_args__ = (UniqueConstraint("department_id", "alias"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(200))
    department: Mapped[Department] = relationship(back_populates="aliases")


class Consultant(Base):
    """A person who logs and codes notes."""

    __tablename__ = "consultant"
    __table_args__ = (UniqueConstraint("project_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))


class Note(Base):
    """A field note: an observation, interview or reflection. Deleting sets `deleted_at` so it can be undone."""

    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str | None] = mapped_column(String(300), index=True)
    kind: Mapped[NoteKind] = mapped_column(_enum(NoteKind), default=NoteKind.OBSERVATION)
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    consultant_id: Mapped[int | None] = mapped_column(ForeignKey("consultant.id", ondelete="SET NULL"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"), index=True)
    role: Mapped[str | None] = mapped_column(String(300))
    location: Mapped[str | None] = mapped_column(String(300))
    title: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    consultant: Mapped[Consultant | None] = relationship()
    department: Mapped[Department | None] = relationship()
    passages: Mapped[list[Passage]] = relationship(
        back_populates="note", cascade="all, delete-orphan", order_by="Passage.start"
    )


class Passage(Base):
    """A stretch of a note, by character offsets; `text` equals `note.text[start:end]`."""

    __tablename__ = "passage"
    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("note.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    auto: Mapped[bool] = mapped_column(Boolean, default=True)
    """True for passages made by the splitter, False for a consultant's own selection."""
    mentions: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default="[]")
    """Department mentions: [{"name": canonical or as written, "known": bool}]."""
    surprises: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default="[]")
    """Candidate surprise edges: [{"source": str|None, "target": str|None, "evidence": str}]."""
    note: Mapped[Note] = relationship(back_populates="passages")


class Theme(Base):
    """A codebook entry, optionally under a parent theme."""

    __tablename__ = "theme"
    __table_args__ = (UniqueConstraint("project_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    label: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text, default="")
    inclusion: Mapped[str] = mapped_column(Text, default="")
    exclusion: Mapped[str] = mapped_column(Text, default="")
    cues: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Cue words per language: {"nl": [...], "en": [...]}."""
    color: Mapped[str] = mapped_column(String(16), default="#888888")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class Suggestion(Base):
    """Machine output: a model proposes a theme for a passage, with a score and evidence."""

    __tablename__ = "suggestion"
    __table_args__ = (UniqueConstraint("passage_id", "theme_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passage.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), index=True)
    source: Mapped[CodingSource] = mapped_column(_enum(CodingSource), default=CodingSource.MODEL)
    agent: Mapped[str] = mapped_column(String(100))
    """The model version that made the suggestion."""
    score: Mapped[float] = mapped_column(Float)
    above_threshold: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    """Evidence spans: [{"start": int, "end": int, "text": str}] relative to the passage."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Coding(Base):
    """A human decision: a coder accepts or rejects a theme on a passage (one row per coder, passage and theme)."""

    __tablename__ = "coding"
    __table_args__ = (UniqueConstraint("passage_id", "theme_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passage.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), index=True)
    source: Mapped[CodingSource] = mapped_column(_enum(CodingSource))
    """`model` when the coder decided on a suggestion, `human` when the coder added the theme."""
    agent: Mapped[str | None] = mapped_column(String(100))
    score: Mapped[float | None] = mapped_column(Float)
    status: Mapped[CodingStatus] = mapped_column(_enum(CodingStatus))
    user_id: Mapped[int] = mapped_column(ForeignKey("consultant.id", ondelete="CASCADE"), index=True)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Memo(Base):
    """A consultant's memo on a note or a passage."""

    __tablename__ = "memo"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    note_id: Mapped[int | None] = mapped_column(ForeignKey("note.id", ondelete="CASCADE"), index=True)
    passage_id: Mapped[int | None] = mapped_column(ForeignKey("passage.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("consultant.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Draft(Base):
    """An autosaved, half-typed form so nothing is lost on a reload."""

    __tablename__ = "draft"
    __table_args__ = (UniqueConstraint("project_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Event(Base):
    """Append-only log of who did what, and when."""

    __tablename__ = "event"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


@event.listens_for(Session, "before_flush")
def _events_are_append_only(session: Session, _ctx: object, _instances: object) -> None:
    """Refuse any update or delete of an Event row: the log is append-only."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, Event):
            raise RuntimeError("the event log is append-only")


class IgnoredMention(Base):
    """A department mention the consultant chose to ignore, so it is not offered again."""

    __tablename__ = "ignored_mention"
    __table_args__ = (UniqueConstraint("project_id", "text"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(200))


class ModelVersion(Base):
    """A trained project classifier; only the best one is active, older ones are kept."""

    __tablename__ = "model_version"
    __table_args__ = (UniqueConstraint("project_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    version: Mapped[str] = mapped_column(String(100))
    path: Mapped[str] = mapped_column(Text)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Per-theme F1 before and after, cross-validated on the project's coded passages."""
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
