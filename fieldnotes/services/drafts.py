"""Autosaved drafts of half-typed forms, so a reload loses nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fieldnotes.storage.models import Draft, utcnow


def save_draft(session: Session, project_id: int, key: str, payload: dict[str, Any]) -> None:
    """Store (or replace) the draft under `key`."""
    draft = session.scalar(select(Draft).where(Draft.project_id == project_id, Draft.key == key))
    if draft is None:
        session.add(Draft(project_id=project_id, key=key, payload=payload))
    else:
        draft.payload = payload
        draft.updated_at = utcnow()


def load_draft(session: Session, project_id: int, key: str) -> dict[str, Any] | None:
    """The draft under `key`, if any."""
    draft = session.scalar(select(Draft).where(Draft.project_id == project_id, Draft.key == key))
    return dict(draft.payload) if draft else None


def clear_draft(session: Session, project_id: int, key: str) -> None:
    """Forget the draft under `key` (after saving the note)."""
    session.execute(delete(Draft).where(Draft.project_id == project_id, Draft.key == key))
