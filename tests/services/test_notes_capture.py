"""Note use cases: capture, edit, filter, delete and undo, each logged as an event."""

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldnotes.domain.enums import NoteKind
from fieldnotes.domain.errors import NotFoundError, ValidationError
from fieldnotes.domain.notes import NoteFilter, NoteInput
from fieldnotes.services import events, notes
from fieldnotes.services.coding import note_passages
from fieldnotes.storage.models import Event, Passage

TEXT = (
    "Op het KCC gaat de telefoon onophoudelijk. Beleid had 600 brieven verstuurd zonder het KCC te informeren.\n\n"
    "Bewoners hingen twintig minuten in de wacht en belden steeds opnieuw."
)


def _note(**kw: object) -> NoteInput:
    base: dict[str, object] = dict(
        text=TEXT, kind=NoteKind.OBSERVATION, date=dt.date(2026, 9, 14), consultant="Anouk",
        department="KCC", title="Meelopen KCC",
    )
    base.update(kw)
    return NoteInput(**base)  # type: ignore[arg-type]


def test_notes_create_stores_passages_and_suggestions(session: Session, project_id: int) -> None:
    rec = notes.create_note(session, project_id, _note(), "Anouk")
    assert rec.text == TEXT and rec.lang == "nl" and rec.department == "KCC"
    passages = note_passages(session, rec.id)
    assert len(passages) >= 2
    for p in passages:
        assert TEXT[p.start : p.end] == p.text
    keys = {s.theme.key for p in passages for s in p.suggestions if s.above_threshold}
    assert "surprise" in keys or "customer_impact" in keys


def test_notes_edit_rebuilds_passages_and_logs(session: Session, project_id: int) -> None:
    rec = notes.create_note(session, project_id, _note(), "Anouk")
    new_text = TEXT + "\n\nDe teamleider luistert niet naar ideeën van de vloer."
    notes.update_note(session, project_id, rec.id, _note(text=new_text, title="Bijgewerkt"), "Anouk")
    got = notes.get_note(session, project_id, rec.id)
    assert got.title == "Bijgewerkt" and got.text == new_text
    assert max(p.end for p in session.scalars(select(Passage).where(Passage.note_id == rec.id))) <= len(new_text)
    actions = [e.action for e in events.recent(session, project_id)]
    assert "note.update" in actions and "note.create" in actions


def test_notes_filters_by_department_kind_consultant_dates_and_query(session: Session, project_id: int) -> None:
    notes.create_note(session, project_id, _note(), "x")
    notes.create_note(
        session, project_id,
        _note(department="ICT", kind=NoteKind.INTERVIEW, consultant="Bram", date=dt.date(2026, 10, 2),
              text="Interview met de servicedesk over de nieuwe release.", title="ICT interview"),
        "x",
    )
    assert [n.title for n in notes.list_notes(session, project_id, NoteFilter(departments=("ICT",)))] == [
        "ICT interview"
    ]
    assert len(notes.list_notes(session, project_id, NoteFilter(kinds=(NoteKind.OBSERVATION,)))) == 1
    assert len(notes.list_notes(session, project_id, NoteFilter(consultants=("Bram",)))) == 1
    assert len(notes.list_notes(session, project_id, NoteFilter(date_from=dt.date(2026, 10, 1)))) == 1
    assert len(notes.list_notes(session, project_id, NoteFilter(date_to=dt.date(2026, 9, 30)))) == 1
    assert len(notes.list_notes(session, project_id, NoteFilter(query="SERVICEDESK"))) == 1


def test_notes_delete_and_undo(session: Session, project_id: int) -> None:
    rec = notes.create_note(session, project_id, _note(), "x")
    notes.delete_note(session, project_id, rec.id, "x")
    assert notes.list_notes(session, project_id) == []
    assert [n.id for n in notes.list_deleted(session, project_id)] == [rec.id]
    with pytest.raises(NotFoundError):
        notes.get_note(session, project_id, rec.id)
    notes.restore_note(session, project_id, rec.id, "x")
    assert [n.id for n in notes.list_notes(session, project_id)] == [rec.id]
    actions = [e.action for e in session.scalars(select(Event).order_by(Event.id))]
    assert actions[-2:] == ["note.delete", "note.restore"]


def test_notes_bad_input_stores_nothing(session: Session, project_id: int) -> None:
    for bad in (_note(text="  "), _note(date="2026-02-31"), _note(text="x" * 200_001)):
        with pytest.raises(ValidationError):
            notes.create_note(session, project_id, bad, "x")
    assert notes.count_notes(session, project_id) == 0


def test_notes_new_department_and_alias_resolution(session: Session, project_id: int) -> None:
    from fieldnotes.services import projects

    projects.save_department(session, project_id, "KCC", ["klantcontactcentrum", "contact centre"])
    rec = notes.create_note(session, project_id, _note(department="Klantcontactcentrum"), "x")
    assert rec.department == "KCC"
