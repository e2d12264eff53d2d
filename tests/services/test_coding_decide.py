"""Coding use cases: decide, undo, add a selection, coder isolation, note filters, quotes and memos.

Notes are stored without the tagger (passages and suggestions are made by hand) so the tests are fast and exact.
The helpers `make_note` and `suggest` are reused by the other coding, codebook and agreement tests.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldnotes.domain.enums import CodingSource, CodingStatus
from fieldnotes.domain.errors import NotFoundError, ValidationError
from fieldnotes.domain.notes import NoteInput
from fieldnotes.services import coding, notes, projects
from fieldnotes.services.coding import CodingFilter
from fieldnotes.storage.models import Coding, Event, Passage, Suggestion, Theme

TEXT = "Beleid stuurde brieven zonder overleg. Het KCC werd overspoeld. De wachtrij liep op tot veertig bellers."


def make_note(
    session: Session, project_id: int, text: str = TEXT, *, department: str | None = "KCC",
    consultant: str | None = "Anouk", lang: str = "nl", title: str = "Meelopen",
) -> tuple[int, list[int]]:
    """A note split into its sentences by hand (no tagger): (note id, passage ids)."""
    rec = notes.create_note(
        session, project_id,
        NoteInput(text=text, department=department, consultant=consultant, lang=lang, title=title),
        consultant, analyse=False,
    )
    ids: list[int] = []
    start = 0
    for sentence in text.split(". "):
        end = start + len(sentence) + (1 if start + len(sentence) < len(text) else 0)
        passage = Passage(note_id=rec.id, start=start, end=end, text=text[start:end], auto=True)
        session.add(passage)
        session.flush()
        ids.append(passage.id)
        start = end + 1
    return rec.id, ids


def theme_id(session: Session, project_id: int, key: str) -> int:
    """The id of a codebook theme by key."""
    return session.scalars(select(Theme.id).where(Theme.project_id == project_id, Theme.key == key)).one()


def suggest(
    session: Session, passage_id: int, theme: int, score: float = 0.8, *, above: bool = True, agent: str = "test-1"
) -> None:
    """A machine suggestion, as the tagger would store it."""
    session.add(Suggestion(passage_id=passage_id, theme_id=theme, agent=agent, score=score, above_threshold=above,
                           evidence=[]))
    session.flush()


def _status(session: Session, passage_id: int, theme: int, user: str) -> str | None:
    views = coding.passage_codings(session, [passage_id], user)[passage_id]
    return next((c.status.value for c in views if c.theme.id == theme), None)


def test_coding_decide_accept_reject_keeps_one_row_and_the_suggestion(session: Session, project_id: int) -> None:
    _, (p1, *_) = make_note(session, project_id)
    silos = theme_id(session, project_id, "silos")
    suggest(session, p1, silos, 0.8)
    view = coding.decide(session, project_id, p1, silos, CodingStatus.ACCEPTED, "Anouk")
    assert view.status is CodingStatus.ACCEPTED and view.source is CodingSource.MODEL and view.score == 0.8
    coding.decide(session, project_id, p1, silos, CodingStatus.REJECTED, "Anouk")
    assert session.scalar(select(func.count(Coding.id))) == 1
    assert _status(session, p1, silos, "Anouk") == "rejected"
    assert session.scalars(select(Suggestion.score)).one() == 0.8
    actions = list(session.scalars(select(Event.action).where(Event.action.like("coding.%")).order_by(Event.id)))
    assert actions == ["coding.accepted", "coding.rejected"]


def test_coding_decide_refuses_other_projects_and_retired_themes(session: Session, project_id: int) -> None:
    _, (p1, *_) = make_note(session, project_id)
    other = projects.create_project(session, "Other").id
    with pytest.raises(NotFoundError):
        coding.decide(session, other, p1, theme_id(session, other, "silos"), CodingStatus.ACCEPTED, "Anouk")
    silos = theme_id(session, project_id, "silos")
    session.get_one(Theme, silos).retired = True
    with pytest.raises(ValidationError):
        coding.decide(session, project_id, p1, silos, CodingStatus.ACCEPTED, "Anouk")
    with pytest.raises(ValidationError):
        coding.decide(session, project_id, p1, theme_id(session, project_id, "ideas"), CodingStatus.ACCEPTED, None)


def test_coding_decide_each_coder_sees_only_own_decisions(session: Session, project_id: int) -> None:
    note_id, (p1, *_) = make_note(session, project_id)
    silos = theme_id(session, project_id, "silos")
    coding.decide(session, project_id, p1, silos, CodingStatus.ACCEPTED, "Anouk")
    coding.decide(session, project_id, p1, silos, CodingStatus.REJECTED, "Bram")
    assert _status(session, p1, silos, "Anouk") == "accepted"
    assert _status(session, p1, silos, "Bram") == "rejected"
    mine = coding.coder_passages(session, note_id, "Anouk")[0].codings
    assert [(c.user, c.status.value) for c in mine] == [("Anouk", "accepted")]


def test_coding_undo_walks_back_step_by_step_per_coder(session: Session, project_id: int) -> None:
    _, (p1, p2, _) = make_note(session, project_id)
    silos, ideas = theme_id(session, project_id, "silos"), theme_id(session, project_id, "ideas")
    coding.decide(session, project_id, p1, silos, CodingStatus.ACCEPTED, "Anouk")
    coding.decide(session, project_id, p1, silos, CodingStatus.REJECTED, "Anouk")
    coding.decide(session, project_id, p2, ideas, CodingStatus.ACCEPTED, "Anouk")
    coding.decide(session, project_id, p2, ideas, CodingStatus.ACCEPTED, "Bram")
    assert coding.undo_last(session, project_id, "Anouk")
    assert _status(session, p2, ideas, "Anouk") is None and _status(session, p2, ideas, "Bram") == "accepted"
    assert coding.undo_last(session, project_id, "Anouk")
    assert _status(session, p1, silos, "Anouk") == "accepted"
    assert coding.undo_last(session, project_id, "Anouk")
    assert _status(session, p1, silos, "Anouk") is None
    assert not coding.undo_last(session, project_id, "Anouk")
    assert _status(session, p2, ideas, "Bram") == "accepted"
    assert session.scalar(select(func.count(Event.id)).where(Event.action == "coding.undo")) == 3


def test_coding_add_selection_codes_any_stretch(session: Session, project_id: int) -> None:
    note_id, _ = make_note(session, project_id)
    start, end = coding.find_quote(TEXT, "overspoeld")[0]
    surprise = theme_id(session, project_id, "surprise")
    view = coding.add_selection(session, project_id, note_id, start, end, surprise, "Anouk")
    assert view.source is CodingSource.HUMAN and view.status is CodingStatus.ACCEPTED
    manual = [p for p in coding.coder_passages(session, note_id, "Anouk") if not p.auto]
    assert [(p.text, [c.theme.key for c in p.codings]) for p in manual] == [("overspoeld", ["surprise"])]
    with pytest.raises(ValidationError):
        coding.add_selection(session, project_id, note_id, 10, 5, surprise, "Anouk")
    with pytest.raises(ValidationError):
        coding.add_selection(session, project_id, note_id, 0, len(TEXT) + 1, surprise, "Anouk")


def test_coding_find_quote_gives_every_exact_occurrence() -> None:
    assert coding.find_quote("de wachtrij en de wachtrij", "wachtrij") == [(3, 11), (18, 26)]
    assert coding.find_quote("aaa", "aa") == [(0, 2), (1, 3)]
    assert coding.find_quote("abc", "x") == [] and coding.find_quote("abc", "") == []


def test_coding_open_suggestions_skip_decided_and_weak(session: Session, project_id: int) -> None:
    note_id, (p1, *_) = make_note(session, project_id)
    silos, ideas, no_time = (theme_id(session, project_id, k) for k in ("silos", "ideas", "no_time"))
    suggest(session, p1, silos, 0.6)
    suggest(session, p1, ideas, 0.9)
    suggest(session, p1, no_time, 0.2, above=False)
    coding.decide(session, project_id, p1, ideas, CodingStatus.REJECTED, "Anouk")
    passage = coding.coder_passages(session, note_id, "Anouk")[0]
    assert [s.theme.key for s in coding.open_suggestions(passage)] == ["silos"]
    assert [s.theme.key for s in coding.open_suggestions(passage, above_threshold_only=False)] == ["silos", "no_time"]


def test_coding_notes_filters_by_status_theme_department_and_consultant(session: Session, project_id: int) -> None:
    n1, (a1, *_) = make_note(session, project_id, title="KCC", department="KCC", consultant="Anouk")
    n2, (b1, *_) = make_note(session, project_id, title="Beleid", department="Beleid", consultant="Bram")
    n3, _ = make_note(session, project_id, title="Leeg", department="KCC", consultant="Bram")
    silos, ideas = theme_id(session, project_id, "silos"), theme_id(session, project_id, "ideas")
    suggest(session, a1, silos)
    suggest(session, b1, ideas)
    coding.decide(session, project_id, b1, ideas, CodingStatus.REJECTED, "Anouk")

    def ids(**kw: object) -> set[int]:
        flt = CodingFilter(**kw)  # type: ignore[arg-type]
        return {r.id for r in coding.coding_notes(session, project_id, "Anouk", flt)}

    assert ids() == {n1, n2, n3}
    assert ids(status=CodingStatus.SUGGESTED) == {n1}
    assert ids(status=CodingStatus.REJECTED) == {n2}
    assert ids(status=CodingStatus.ACCEPTED) == set()
    assert ids(status="uncoded") == {n1, n3}
    assert ids(theme_id=ideas) == {n2}
    assert ids(departments=("KCC",)) == {n1, n3}
    assert ids(consultants=("Bram",), status="uncoded") == {n3}
    assert {r.id for r in coding.coding_notes(session, project_id, "Bram", CodingFilter(status="uncoded"))} == {
        n1, n2, n3
    }


def test_coding_memos_on_notes_and_passages(session: Session, project_id: int) -> None:
    note_id, (p1, *_) = make_note(session, project_id)
    on_note = coding.save_memo(session, project_id, "Eerste indruk", "Anouk", note_id=note_id)
    on_passage = coding.save_memo(session, project_id, "<b>let op</b>", "Anouk", passage_id=p1)
    coding.save_memo(session, project_id, "Bijgewerkt", "Anouk", memo_id=on_note.id)
    assert [(m.text, m.note_id, m.passage_id) for m in coding.note_memos(session, note_id)] == [
        ("Bijgewerkt", note_id, None), ("<b>let op</b>", None, p1)
    ]
    coding.delete_memo(session, project_id, on_passage.id, "Anouk")
    assert [m.id for m in coding.note_memos(session, note_id)] == [on_note.id]
    with pytest.raises(ValidationError):
        coding.save_memo(session, project_id, "  ", "Anouk", note_id=note_id)
    actions = list(session.scalars(select(Event.action).where(Event.entity == "memo").order_by(Event.id)))
    assert actions == ["memo.create", "memo.create", "memo.update", "memo.delete"]
