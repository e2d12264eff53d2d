"""The demo project a newcomer sees on first start: a fictional Dutch municipality."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from typing import Any

from sqlalchemy.orm import Session

from fieldnotes.domain.notes import NoteInput, parse_date, parse_kind
from fieldnotes.services import events, notes, projects
from fieldnotes.storage.models import Note


def demo_data() -> dict[str, Any]:
    """The packaged demo project."""
    return json.loads(resources.files("fieldnotes.demo").joinpath("demo_project.json").read_text("utf-8"))


def load_demo(
    session: Session, actor: str | None = None, *, progress: Callable[[int, int], None] | None = None
) -> projects.ProjectInfo:
    """Create the demo project with departments, consultants and notes, and tag every note."""
    data = demo_data()
    info = projects.create_project(session, data["project"]["name"], data["project"].get("description", ""), actor)
    for dept in data["departments"]:
        projects.save_department(session, info.id, dept["name"], dept.get("aliases", []), actor=actor)
    for consultant in data["consultants"]:
        projects.consultant_id(session, info.id, consultant["name"])
    created: list[Note] = []
    langs: list[str | None] = []
    for raw in data["notes"]:
        record = notes.create_note(
            session,
            info.id,
            NoteInput(
                text=raw["text"],
                kind=parse_kind(raw.get("kind")),
                date=parse_date(raw.get("date")),
                consultant=raw.get("consultant"),
                department=raw.get("department"),
                role=raw.get("role"),
                location=raw.get("location"),
                title=raw.get("title"),
                lang=raw.get("lang"),
                external_id=raw.get("id"),
            ),
            actor,
            analyse=False,
        )
        created.append(session.get_one(Note, record.id))
        langs.append(raw.get("lang"))
    from fieldnotes.services import tagging  # spaCy loads only when the demo is actually loaded

    tagging.analyse_notes(session, created, langs=langs, progress=progress)
    events.record(session, info.id, actor, "demo.load", "project", info.id, notes=len(created))
    return info


def ensure_demo(session: Session) -> bool:
    """Load the demo into an empty database; returns True when it did."""
    if projects.count_projects(session) > 0:
        return False
    load_demo(session)
    return True
