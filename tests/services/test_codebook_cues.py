"""suggest_from_cues: a new theme is suggested at once where its (lemmatised) cue words occur."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldnotes.domain.enums import CodingStatus
from fieldnotes.services import codebook, coding
from fieldnotes.storage.models import Coding, Event, Suggestion
from tests.services.test_coding_decide import make_note, suggest

NL = (
    "De wachtrijen bij de balie waren lang. Er was geen wachtrij in de middag. "
    "Bij de wachtrij en de wachtrij stonden veel mensen."
)
EN = "The queues at the desk were long. Nobody talked about it."


def _suggestions(session: Session, theme: int) -> dict[int, Suggestion]:
    return {s.passage_id: s for s in session.scalars(select(Suggestion).where(Suggestion.theme_id == theme))}


def test_codebook_cues_new_theme_is_suggested_with_lemmas_and_evidence(session: Session, project_id: int) -> None:
    note_id, (p1, p2, p3) = make_note(session, project_id, NL)
    _, (e1, e2) = make_note(session, project_id, EN, lang="en")
    theme = codebook.add_theme(session, project_id, "Wachtrij", cues={"nl": ["wachtrij"], "en": ["queue"]})
    found = _suggestions(session, theme.id)
    assert set(found) == {p1, p3, e1}, "inflected forms match, the negated 'geen wachtrij' does not"
    assert found[p1].evidence == [{"start": 3, "end": 13, "text": "wachtrijen"}]
    assert found[e1].evidence[0]["text"] == "queues"
    assert (found[p1].agent, found[p1].above_threshold, found[p1].score) == ("cues", True, 0.6)
    assert found[p3].score == 0.7, "two matches score higher"
    views = {p.id: p for p in coding.note_passages(session, note_id)}
    ev = views[p1].suggestions[0].evidence[0]
    assert views[p1].text[ev.start : ev.end] == "wachtrijen"
    event = session.scalars(select(Event).where(Event.action == "theme.suggest")).one()
    assert event.payload["passages"] == 3


def test_codebook_cues_refresh_replaces_own_suggestions_only(session: Session, project_id: int) -> None:
    _, (p1, p2, p3) = make_note(session, project_id, NL)
    theme = codebook.add_theme(session, project_id, "Wachtrij", cues={"nl": ["wachtrij"]})
    coding.decide(session, project_id, p1, theme.id, CodingStatus.ACCEPTED, "Anouk")
    session.delete(_suggestions(session, theme.id)[p3])
    session.flush()
    suggest(session, p3, theme.id, 0.95, agent="classifier-2")
    codebook.update_theme(session, project_id, theme.id, cues={"nl": ["mensen"]})
    found = _suggestions(session, theme.id)
    assert set(found) == {p3}, "the stale cue suggestion on p1 is gone"
    assert (found[p3].agent, found[p3].score) == ("classifier-2", 0.95), "another agent's suggestion is kept"
    coding_rows = session.scalars(select(Coding)).all()
    assert [(c.passage_id, c.status.value) for c in coding_rows] == [(p1, "accepted")], "codings untouched"
    assert codebook.suggest_from_cues(session, project_id, theme.id) == 0
    codebook.update_theme(session, project_id, theme.id, cues={})
    assert set(_suggestions(session, theme.id)) == {p3}


def test_codebook_cues_score_is_capped() -> None:
    assert [codebook.cue_score(n) for n in (1, 2, 4, 10)] == [0.6, 0.7, 0.9, 0.9]
