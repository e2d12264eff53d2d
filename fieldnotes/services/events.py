"""The append-only event log: every change records who did what, and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldnotes.storage.models import Event

SYSTEM_ACTOR = "system"


@dataclass(frozen=True)
class EventRecord:
    """One entry of the log, for display."""

    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    payload: dict[str, Any]


def record(
    session: Session,
    project_id: int | None,
    actor: str | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    **payload: Any,
) -> None:
    """Append an event in the current transaction."""
    session.add(
        Event(
            project_id=project_id,
            actor=actor or SYSTEM_ACTOR,
            action=action,
            entity=entity,
            entity_id=entity_id,
            payload=payload,
        )
    )


def recent(session: Session, project_id: int, limit: int = 50) -> list[EventRecord]:
    """The newest events of a project, newest first."""
    rows = session.scalars(
        select(Event).where(Event.project_id == project_id).order_by(Event.id.desc()).limit(limit)
    )
    return [EventRecord(e.at, e.actor, e.action, e.entity, e.entity_id, dict(e.payload or {})) for e in rows]
