"""Project retraining: versions in Tagger format, the never-worse rule, tagging with the active model, re-tagging."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldnotes.domain.enums import CodingStatus, NoteKind
from fieldnotes.domain.errors import ValidationError
from fieldnotes.domain.notes import NoteInput
from fieldnotes.nlp.project_model import LearningSettings, load_project_tagger
from fieldnotes.nlp.tagger import Tagger
from fieldnotes.services import coding, learning, notes, projects, runtime, tagging
from fieldnotes.storage.db import dispose_engines
from fieldnotes.storage.models import Coding, ModelVersion, Note, Passage, Suggestion, Theme
from tests.nlp.test_project_model_train import WORKAROUND_CUES, tiny_corpus, tiny_settings, workaround_examples


def add_coded_project(url: str, n: int = 12) -> tuple[int, int]:
    """A project with the user theme "workarounds" and n coded passages (one per note); (project id, theme id)."""
    with runtime.transaction(url) as session:
        pid = projects.create_project(session, "Leren").id
        theme = Theme(project_id=pid, key="workarounds", label="Workarounds", cues=WORKAROUND_CUES)
        session.add(theme)
        session.flush()
        for example in workaround_examples(n):
            note = Note(project_id=pid, text=example.text, lang=example.lang, kind=NoteKind.OBSERVATION,
                        date=dt.date(2026, 11, 2))
            session.add(note)
            session.flush()
            passage = Passage(note_id=note.id, start=0, end=len(note.text), text=note.text, auto=True)
            session.add(passage)
            session.flush()
            status = CodingStatus.ACCEPTED if example.labels["workarounds"] else CodingStatus.REJECTED
            coding.decide(session, pid, passage.id, theme.id, status, "Anouk")
        return pid, theme.id


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, int, Path, LearningSettings]]:
    """One project retrained once (v1), shared by the tests of this module."""
    root = tmp_path_factory.mktemp("learning")
    url = f"sqlite:///{root / 'db.sqlite'}"
    settings = tiny_settings(tiny_corpus(root / "corpus"))
    pid, theme_id = add_coded_project(url)
    learning.retrain(url, pid, actor="Anouk", settings=settings, models_root=root / "models")
    yield url, pid, theme_id, root / "models", settings
    dispose_engines()


def test_learning_retrain_writes_loadable_active_version(world: tuple[str, int, int, Path, LearningSettings]) -> None:
    url, pid, _, models, _ = world
    with runtime.transaction(url) as session:
        versions = learning.list_versions(session, pid)
    assert len(versions) == 1
    v1 = versions[0]
    assert re.fullmatch(rf"p{pid}-v1-\d{{8}}T\d{{4}}", v1.version)
    assert Path(v1.path) == models / f"project-{pid}" / v1.version
    tagger = load_project_tagger(Path(v1.path))
    assert tagger.version == v1.version and "workarounds" in tagger.theme_keys
    assert v1.active and v1.metrics["activated"] and v1.metrics["before_version"] is None
    after = v1.metrics["after"]["per_theme"]["workarounds"]
    assert after["n"] == 12 and after["f1"] is not None
    assert v1.metrics["models"]["workarounds"]["kind"] in ("text", "cue") and "not_separable" in v1.metrics
    assert v1.metrics["seconds"] < 60
    assert v1.metrics["before"]["per_theme"]["workarounds"]["f1"] == 0.0  # the shipped model lacks the theme
    assert learning.read_status(pid, models).state == "done"


def test_learning_retag_keeps_codings_and_uses_new_agent(world: tuple[str, int, int, Path, LearningSettings]) -> None:
    url, pid, theme_id, _, _ = world
    with runtime.transaction(url) as session:
        version = learning.active_version(session, pid)
        assert version is not None
        agents = set(session.scalars(select(Suggestion.agent)))
        codings = list(session.scalars(select(Coding)))
        workaround_suggestions = session.scalars(select(Suggestion).where(Suggestion.theme_id == theme_id)).all()
    assert agents == {version.version}
    assert len(codings) == 12 and all(c.user_id for c in codings)
    assert workaround_suggestions, "the user-defined theme is suggested by the project model"


def test_learning_tagging_uses_active_model(world: tuple[str, int, int, Path, LearningSettings]) -> None:
    url, pid, theme_id, _, _ = world
    with runtime.transaction(url) as session:
        rec = notes.create_note(
            session, pid,
            NoteInput(text="Als omweg houden ze een eigen Excel bij, want het systeem kan het niet.",
                      kind=NoteKind.OBSERVATION, date=dt.date(2026, 11, 3), consultant="Anouk"),
            "Anouk",
        )
        version = learning.active_version(session, pid)
        assert version is not None and tagging.project_tagger(session, pid).version == version.version
        rows = session.scalars(
            select(Suggestion).join(Passage, Passage.id == Suggestion.passage_id).where(Passage.note_id == rec.id)
        ).all()
    assert rows and {s.agent for s in rows} == {version.version}
    assert theme_id in {s.theme_id for s in rows}


def test_learning_never_worse_keeps_better_model(
    world: tuple[str, int, int, Path, LearningSettings], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, pid, _, models, settings = world
    with runtime.transaction(url) as session:
        v1 = learning.active_version(session, pid)
    assert v1 is not None

    def perfect(_model_dir: Path | None, coded: list) -> dict[int, dict[str, bool]]:  # the active model is flawless
        return {c.id: dict(c.labels) for c in coded}

    monkeypatch.setattr(learning, "model_decisions", perfect)
    v2 = learning.retrain(url, pid, settings=settings, models_root=models)
    assert not v2.active and not v2.metrics["activated"]
    assert v2.metrics["reason"] == "learning.reason.worse"
    assert v2.metrics["before"]["macro_f1"] == 1.0 > v2.metrics["after"]["macro_f1"]
    assert v2.metrics["before_version"] == v1.version
    with runtime.transaction(url) as session:
        assert learning.active_version(session, pid).version == v1.version  # type: ignore[union-attr]
        assert session.scalar(select(ModelVersion).where(ModelVersion.version == v2.version)) is not None
        learning.activate_version(session, pid, v2.id, "Anouk")  # the user may still choose it
    with runtime.transaction(url) as session:
        assert learning.active_version(session, pid).version == v2.version  # type: ignore[union-attr]
        learning.activate_version(session, pid, None, "Anouk")
        assert learning.active_version(session, pid) is None
        assert tagging.project_tagger(session, pid) is Tagger.load()
        learning.activate_version(session, pid, v1.id, "Anouk")


def test_learning_should_activate_rule() -> None:
    assert learning.should_activate({"macro_f1": 0.70}, {"macro_f1": 0.70}) == (True, "learning.reason.not_worse")
    assert learning.should_activate({"macro_f1": 0.70001}, {"macro_f1": 0.70}) == (True, "learning.reason.not_worse")
    assert learning.should_activate({"macro_f1": 0.71}, {"macro_f1": 0.70}) == (False, "learning.reason.worse")
    assert learning.should_activate({"macro_f1": None}, {"macro_f1": 0.1})[0]
    assert learning.should_activate({"macro_f1": None}, {"macro_f1": None})[0]


def test_learning_retrain_refuses_too_few_codings(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with runtime.transaction(url) as session:
        pid = projects.create_project(session, "Leeg").id
    with pytest.raises(ValidationError):
        learning.retrain(url, pid, settings=tiny_settings(tmp_path), models_root=tmp_path / "models")
    assert learning.read_status(pid, tmp_path / "models").state == "failed"
    dispose_engines()
