"""Culture map services: passage records, the surprise graph, its filters, evidence and file output.

The project is built without the trained tagger: each note is one passage, and the surprise theme is given by a
model suggestion above threshold (or a coder's decision), so the tests do not depend on model scores.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldnotes.domain.enums import CodingStatus, NoteKind
from fieldnotes.domain.errors import ValidationError
from fieldnotes.domain.notes import NoteInput
from fieldnotes.services import coding, network, notes, projects
from fieldnotes.storage.models import Note, Passage, Suggestion, Theme

REGISTRY = {
    "KCC": ["klantcontactcentrum", "contact centre"],
    "Beleid": ["policy"],
    "IT": ["ICT"],
    "Belastingen": [],
    "Publiekszaken": [],
    "Communicatie": [],
}
# title: (text, lang, observed department, consultant, kind, date, surprise theme: "model" | "rejected" | None)
NOTES: dict[str, tuple[str, str, str, str, NoteKind, dt.date, str | None]] = {
    "Brieven": ("Beleid stuurde 600 brieven zonder het KCC te informeren; het KCC werd overspoeld met telefoontjes.",
                "nl", "KCC", "Anouk", NoteKind.OBSERVATION, dt.date(2026, 9, 1), "model"),
    "Regels": ("Beleid wijzigde de regels zonder het KCC te informeren; het KCC werd overspoeld met vragen.",
               "nl", "KCC", "Bram", NoteKind.INTERVIEW, dt.date(2026, 10, 20), "model"),
    "Release": ("IT rolled out the new system overnight and nobody told the contact centre; they were flooded "
                "with calls.", "en", "KCC", "Bram", NoteKind.INTERVIEW, dt.date(2026, 10, 5), "model"),
    "Samenwerking": ("Belastingen had het KCC twee weken vooraf geïnformeerd over de aanslagen, dus de "
                     "medewerkers waren voorbereid.", "nl", "KCC", "Anouk", NoteKind.OBSERVATION,
                     dt.date(2026, 9, 15), "model"),
    "Sfeer": ("Bij Belastingen is de sfeer goed; iedereen helpt elkaar.", "nl", "Belastingen", "Carla",
              NoteKind.REFLECTION, dt.date(2026, 11, 2), None),
    "Formulier": ("De afdeling Vergunningen wijzigde het formulier en het KCC wist van niks.", "nl", "KCC", "Anouk",
                  NoteKind.OBSERVATION, dt.date(2026, 11, 10), "model"),
    "Burgerzaken": ("De afdeling Burgerzaken veranderde de regels en het KCC hoorde het van bellers.", "nl", "KCC",
                    "Carla", NoteKind.OBSERVATION, dt.date(2026, 11, 12), "model"),
    "Persbericht": ("Communicatie stuurde een persbericht en het KCC wist van niks.", "nl", "KCC", "Carla",
                    NoteKind.OBSERVATION, dt.date(2026, 11, 20), "rejected"),
}


def build_project(session: Session, name: str = "Cultuur") -> int:
    """A project with the notes above, one passage each, departments analysed with the registry."""
    pid = projects.create_project(session, name, actor="tester").id
    for dept, aliases in REGISTRY.items():
        projects.save_department(session, pid, dept, aliases, actor="tester")
    theme_id = session.scalar(select(Theme.id).where(Theme.project_id == pid, Theme.key == "surprise"))
    for title, (text, lang, dept, consultant, kind, date, theme) in NOTES.items():
        rec = notes.create_note(
            session, pid, NoteInput(text=text, kind=kind, date=date, consultant=consultant, department=dept,
                                    title=title, lang=lang), consultant, analyse=False)
        passage = Passage(note=session.get_one(Note, rec.id), start=0, end=len(text), text=text, auto=True)
        session.add(passage)
        session.flush()
        if theme is not None:
            session.add(Suggestion(passage_id=passage.id, theme_id=theme_id, agent="test", score=0.9,
                                   above_threshold=True, evidence=[]))
            session.flush()
        if theme == "rejected":
            coding.decide(session, pid, passage.id, theme_id, CodingStatus.REJECTED, "Bram")
    network.reanalyse_departments(session, pid, actor="tester")
    return pid


def passage_of(session: Session, project_id: int, title: str) -> Passage:
    """The (single) passage of the note with this title."""
    return session.scalars(
        select(Passage).join(Note).where(Note.project_id == project_id, Note.title == title)
    ).one()


def _edges(g: object) -> dict[tuple[str, str], int]:
    return {(a, b): w for a, b, w in g.edges(data="weight")}  # type: ignore[attr-defined]


def test_network_records_keep_departments_and_only_themed_surprises(session: Session) -> None:
    pid = build_project(session)
    records = {r.passage_id: r for r in network.passage_records(session, pid)}
    assert len(records) == len(NOTES)
    by_title = {t: records[str(passage_of(session, pid, t).id)] for t in NOTES}
    assert by_title["Sfeer"].departments == ("Belastingen",)
    assert by_title["Sfeer"].consultant == "Carla" and by_title["Sfeer"].kind == "reflection"
    assert by_title["Sfeer"].date == dt.date(2026, 11, 2)
    assert set(by_title["Release"].departments) == {"IT", "KCC"}
    assert [(s.source, s.target) for s in by_title["Release"].surprises] == [("IT", "KCC")]
    assert by_title["Samenwerking"].surprises == ()  # cooperation is not a surprise
    assert by_title["Persbericht"].surprises == ()  # a coder rejected the theme
    assert "Vergunningen" in by_title["Formulier"].departments  # unknown, not ignored


def test_network_graph_edges_and_weights(session: Session) -> None:
    pid = build_project(session)
    g = network.project_graph(session, pid)
    assert _edges(g) == {("Beleid", "KCC"): 2, ("IT", "KCC"): 1, ("Vergunningen", "KCC"): 1,
                         ("Burgerzaken", "KCC"): 1}
    assert "Belastingen" in g.nodes and g.nodes["Belastingen"]["passages"] == 2
    assert "Communicatie" in g.nodes and not g.in_edges("Communicatie") and not g.out_edges("Communicatie")


def test_network_accepted_theme_counts_despite_another_coders_rejection(session: Session) -> None:
    pid = build_project(session)
    passage = passage_of(session, pid, "Persbericht")
    theme_id = session.scalar(select(Theme.id).where(Theme.project_id == pid, Theme.key == "surprise"))
    assert theme_id is not None
    coding.decide(session, pid, passage.id, theme_id, CodingStatus.ACCEPTED, "Anouk")
    assert _edges(network.project_graph(session, pid))[("Communicatie", "KCC")] == 1


def test_network_filters_by_period_consultant_and_kind(session: Session) -> None:
    pid = build_project(session)
    assert _edges(network.project_graph(session, pid, consultants=["Anouk"])) == {
        ("Beleid", "KCC"): 1, ("Vergunningen", "KCC"): 1}
    assert _edges(network.project_graph(session, pid, kinds=["interview"])) == {("Beleid", "KCC"): 1, ("IT", "KCC"): 1}
    september = network.project_graph(session, pid, date_from=dt.date(2026, 9, 1), date_to=dt.date(2026, 9, 30))
    assert _edges(september) == {("Beleid", "KCC"): 1}
    assert network.project_graph(session, pid, consultants=[]).number_of_nodes() == 0


def test_network_evidence_of_edge_and_node(session: Session) -> None:
    pid = build_project(session)
    quotes = network.edge_evidence(session, pid, "Beleid", "KCC")
    assert [q.note_title for q in quotes] == ["Brieven", "Regels"]
    first = quotes[0]
    assert first.text == NOTES["Brieven"][0]
    assert (first.date, first.department, first.consultant) == (dt.date(2026, 9, 1), "KCC", "Anouk")
    assert [q.note_title for q in network.edge_evidence(session, pid, "Beleid", "KCC", consultants=["Bram"])] == [
        "Regels"]
    assert network.edge_evidence(session, pid, "KCC", "Beleid") == []
    assert {q.note_title for q in network.node_evidence(session, pid, "Belastingen")} == {"Samenwerking", "Sfeer"}


def test_network_deleted_notes_leave_the_map(session: Session) -> None:
    pid = build_project(session)
    note_id = passage_of(session, pid, "Release").note_id
    notes.delete_note(session, pid, note_id, "Bram")
    assert ("IT", "KCC") not in _edges(network.project_graph(session, pid))


def test_network_surprise_triples_name_the_passage(session: Session) -> None:
    pid = build_project(session)
    triples = network.surprise_triples(session, pid)
    release = passage_of(session, pid, "Release").id
    assert ("IT", "KCC", release) in triples
    assert sum(1 for a, b, _ in triples if (a, b) == ("Beleid", "KCC")) == 2


def test_network_write_network_formats(session: Session) -> None:
    pid = build_project(session)
    buf = io.BytesIO()
    network.write_network(session, pid, "csv", buf, consultants=["Anouk"])
    lines = buf.getvalue().decode("utf-8").splitlines()
    assert lines[0] == "From,To,Weight" and "Beleid,KCC,1" in lines
    buf = io.BytesIO()
    network.write_network(session, pid, "json", buf)
    data = json.loads(buf.getvalue())
    assert {(link["source"], link["target"]) for link in data["links"]} >= {("Beleid", "KCC"), ("IT", "KCC")}
    for fmt in ("html", "graphml", "gexf"):
        buf = io.BytesIO()
        network.write_network(session, pid, fmt, buf, lang="en")
        assert b"KCC" in buf.getvalue()
    with pytest.raises(ValidationError):
        network.write_network(session, pid, "png", io.BytesIO())
