"""Codebook editor: add, rename, parents without cycles, retire/unretire, merge with clash resolution, events."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldnotes.domain.enums import CodingStatus
from fieldnotes.domain.errors import ValidationError
from fieldnotes.services import codebook, coding
from fieldnotes.storage.models import Coding, Consultant, Event, Suggestion, Theme
from tests.services.test_coding_decide import make_note, suggest, theme_id


def _events(session: Session, prefix: str) -> list[str]:
    return list(session.scalars(select(Event.action).where(Event.action.like(f"{prefix}%")).order_by(Event.id)))


def test_codebook_add_theme_cleans_input_and_logs(session: Session, project_id: int) -> None:
    theme = codebook.add_theme(
        session, project_id, "  Wachtrij  & drukte ", definition="Lange rijen.",
        cues={"nl": ["wachtrij", " Wachtrij ", ""], "en": ["queue"], "de": ["Schlange"]}, color="#AA00cc",
        actor="Anouk",
    )
    assert theme.key == "wachtrij_drukte" and theme.label == "Wachtrij & drukte"
    assert theme.cues == {"nl": ["wachtrij"], "en": ["queue"]} and theme.color == "#aa00cc"
    assert codebook.add_theme(session, project_id, "Wachtrij drukte!").key == "wachtrij_drukte_2"
    assert _events(session, "theme.") == ["theme.create", "theme.suggest", "theme.create", "theme.suggest"]


@pytest.mark.parametrize("label,color", [("", "#000000"), ("silo's", "#000000"), ("Nieuw", "red;background:url(x)")])
def test_codebook_add_theme_refuses_bad_input(session: Session, project_id: int, label: str, color: str) -> None:
    with pytest.raises(ValidationError):
        codebook.add_theme(session, project_id, label, color=color)


def test_codebook_rename_keeps_key_and_logs_before_after(session: Session, project_id: int) -> None:
    silos = theme_id(session, project_id, "silos")
    info = codebook.update_theme(session, project_id, silos, label="Eilandjes", definition="Nieuw.", actor="Anouk")
    assert (info.key, info.label) == ("silos", "Eilandjes")
    event = session.scalars(select(Event).where(Event.action == "theme.update")).one()
    assert event.payload["before"]["label"] == "Silo's" and event.payload["after"]["label"] == "Eilandjes"
    assert event.actor == "Anouk"
    with pytest.raises(ValidationError):
        codebook.update_theme(session, project_id, silos, label="Geen tijd")


def test_codebook_parent_hierarchy_prevents_cycles(session: Session, project_id: int) -> None:
    silos = theme_id(session, project_id, "silos")
    child = codebook.add_theme(session, project_id, "Overdracht", parent_id=silos)
    grandchild = codebook.add_theme(session, project_id, "Dossiers kwijt", parent_id=child.id)
    assert child.parent_id == silos
    for bad_parent, theme in ((child.id, silos), (grandchild.id, silos), (silos, silos)):
        with pytest.raises(ValidationError):
            codebook.update_theme(session, project_id, theme, parent_id=bad_parent)
    codebook.update_theme(session, project_id, grandchild.id, parent_id=None)
    assert session.get_one(Theme, grandchild.id).parent_id is None


def test_codebook_retire_and_unretire(session: Session, project_id: int) -> None:
    ideas = theme_id(session, project_id, "ideas")
    codebook.set_retired(session, project_id, ideas, True, "Anouk")
    assert "ideas" not in {t.key for t in coding.list_themes(session, project_id)}
    assert "ideas" in {t.key for t in coding.list_themes(session, project_id, include_retired=True)}
    codebook.set_retired(session, project_id, ideas, False, "Anouk")
    assert "ideas" in {t.key for t in coding.list_themes(session, project_id)}
    assert _events(session, "theme.") == ["theme.retire", "theme.unretire"]


def test_codebook_merge_moves_codings_and_suggestions_resolving_clashes(session: Session, project_id: int) -> None:
    _, (p1, p2, p3) = make_note(session, project_id)
    a = theme_id(session, project_id, "no_time")
    b = theme_id(session, project_id, "customer_impact")
    child = codebook.add_theme(session, project_id, "Overuren", parent_id=a, cues={"nl": ["overuren"]})
    session.get_one(Theme, a).cues = {"nl": ["drukte"], "en": []}
    suggest(session, p1, a, 0.9)
    suggest(session, p1, b, 0.4, above=False)
    suggest(session, p2, a, 0.7)
    # p1: Anouk accepted A but rejected B -> accepted; Bram rejected both -> rejected; p2: Anouk only A -> moved
    coding.decide(session, project_id, p1, a, CodingStatus.ACCEPTED, "Anouk")
    coding.decide(session, project_id, p1, b, CodingStatus.REJECTED, "Anouk")
    coding.decide(session, project_id, p1, a, CodingStatus.REJECTED, "Bram")
    coding.decide(session, project_id, p1, b, CodingStatus.REJECTED, "Bram")
    coding.decide(session, project_id, p2, a, CodingStatus.ACCEPTED, "Anouk")
    coding.decide(session, project_id, p3, b, CodingStatus.ACCEPTED, "Bram")

    report = codebook.merge_themes(session, project_id, a, b, "Anouk")

    assert report == codebook.MergeReport(codings_moved=1, codings_combined=2, suggestions_moved=1,
                                          suggestions_combined=1)
    rows = session.execute(
        select(Coding.passage_id, Consultant.name, Coding.theme_id, Coding.status)
        .join(Consultant, Consultant.id == Coding.user_id).order_by(Coding.passage_id, Consultant.name)
    ).all()
    assert [(pid, name, tid, st.value) for pid, name, tid, st in rows] == [
        (p1, "Anouk", b, "accepted"), (p1, "Bram", b, "rejected"), (p2, "Anouk", b, "accepted"),
        (p3, "Bram", b, "accepted"),
    ]
    suggestions = {s.passage_id: s for s in session.scalars(select(Suggestion).where(Suggestion.agent != "cues"))}
    assert {s.theme_id for s in suggestions.values()} == {b}
    assert (suggestions[p1].score, suggestions[p1].above_threshold) == (0.9, True)
    merged_from, into = session.get_one(Theme, a), session.get_one(Theme, b)
    assert merged_from.retired and "drukte" in into.cues["nl"]
    assert session.get_one(Theme, child.id).parent_id == b
    event = session.scalars(select(Event).where(Event.action == "theme.merge")).one()
    assert event.payload["into"] == b and event.payload["codings_combined"] == 2
    with pytest.raises(ValidationError):
        codebook.merge_themes(session, project_id, b, b)


def test_codebook_theme_usage_counts(session: Session, project_id: int) -> None:
    _, (p1, p2, _) = make_note(session, project_id)
    silos = theme_id(session, project_id, "silos")
    suggest(session, p1, silos)
    suggest(session, p2, silos, 0.1, above=False)
    coding.decide(session, project_id, p1, silos, CodingStatus.ACCEPTED, "Anouk")
    coding.decide(session, project_id, p1, silos, CodingStatus.REJECTED, "Bram")
    assert codebook.theme_usage(session, project_id)[silos] == codebook.ThemeUsage(1, 1, 1)
