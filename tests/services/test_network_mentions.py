"""Culture map services: unknown department mentions (add, alias, ignore), reanalysis, manual selections, CLI."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldnotes.services import coding, network, projects
from fieldnotes.storage.models import Coding, Event, Passage, Theme
from tests.services.test_network_graph import build_project, passage_of


def _actions(session: Session, project_id: int) -> list[str]:
    return list(session.scalars(select(Event.action).where(Event.project_id == project_id).order_by(Event.id)))


def test_network_unknown_mentions_are_listed_with_counts(session: Session) -> None:
    pid = build_project(session)
    unknown = dict(network.unknown_mentions(session, pid))
    assert unknown["Vergunningen"] == 1 and unknown["Burgerzaken"] == 1
    assert not {"KCC", "Beleid", "IT", "Belastingen"} & set(unknown)


def test_network_ignore_mention_removes_it_everywhere(session: Session) -> None:
    pid = build_project(session)
    network.ignore_mention(session, pid, "Vergunningen", actor="Anouk")
    assert "Vergunningen" not in dict(network.unknown_mentions(session, pid))
    g = network.project_graph(session, pid)
    assert "Vergunningen" not in g.nodes
    assert passage_of(session, pid, "Formulier").mentions == [{"name": "KCC", "known": True}]
    assert _actions(session, pid)[-2:] == ["mention.ignore", "departments.reanalyse"]


def test_network_add_mention_as_department(session: Session) -> None:
    pid = build_project(session)
    network.add_mention_as_department(session, pid, "Vergunningen", None, actor="Anouk")
    assert "Vergunningen" in projects.department_registry(session, pid)
    assert "Vergunningen" not in dict(network.unknown_mentions(session, pid))
    assert {"name": "Vergunningen", "known": True} in passage_of(session, pid, "Formulier").mentions
    assert ("Vergunningen", "KCC") in network.project_graph(session, pid).edges
    assert "mention.add" in _actions(session, pid)


def test_network_add_mention_as_alias_merges_nodes(session: Session) -> None:
    pid = build_project(session)
    network.add_mention_as_department(session, pid, "Burgerzaken", "Publiekszaken", actor="Carla")
    assert projects.department_registry(session, pid)["Publiekszaken"] == ["Burgerzaken"]
    g = network.project_graph(session, pid)
    assert "Burgerzaken" not in g.nodes
    assert g.edges["Publiekszaken", "KCC"]["weight"] == 1


def test_network_registry_edit_elsewhere_is_detected_and_reanalysed(session: Session) -> None:
    pid = build_project(session)
    assert not network.departments_stale(session, pid)
    projects.save_department(session, pid, "IT", ["ICT", "Vergunningen"], original_name="IT", actor="Bram")
    assert network.departments_stale(session, pid)
    assert network.ensure_departments_current(session, pid)
    assert not network.departments_stale(session, pid)
    assert network.project_graph(session, pid).edges["IT", "KCC"]["weight"] == 2
    assert not network.ensure_departments_current(session, pid)


def test_network_manual_selection_gets_departments(session: Session) -> None:
    pid = build_project(session)
    full = passage_of(session, pid, "Persbericht")  # the surprise theme was rejected on the whole passage
    theme_id = session.scalar(select(Theme.id).where(Theme.project_id == pid, Theme.key == "surprise"))
    assert theme_id is not None
    view = coding.add_selection(session, pid, full.note_id, 0, len(full.text) - 1, theme_id, "Anouk")
    selection = session.get_one(Passage, session.get_one(Coding, view.id).passage_id)
    assert selection.id != full.id  # add_selection analysed the new passage's departments itself
    assert selection.mentions == [{"name": "Communicatie", "known": True}, {"name": "KCC", "known": True}]
    assert [(s["source"], s["target"]) for s in selection.surprises] == [("Communicatie", "KCC")]
    assert network.project_graph(session, pid).edges["Communicatie", "KCC"]["weight"] == 1


def test_network_tag_output_extras(session: Session) -> None:
    text = "Beleid stuurde 600 brieven zonder het KCC te informeren; het KCC werd overspoeld met telefoontjes."
    extras = network.tag_output_extras(text, "nl", None, None, True)
    assert extras["departments"] == ["Beleid", "KCC"]
    assert [(s["source"], s["target"]) for s in extras["surprises"]] == [("Beleid", "KCC")]
    assert extras["surprises"][0]["evidence"]
    assert network.tag_output_extras(text, "nl", None, None, False)["surprises"] == []
    english = network.tag_output_extras(
        "IT rolled out the new system and nobody told the contact centre; they were flooded with calls.",
        "en", {"KCC": ["contact centre"], "IT": []}, "KCC", True)
    assert english["departments"] == ["IT", "KCC"]
    assert english["surprises"][0]["source"] == "IT" and english["surprises"][0]["target"] == "KCC"
