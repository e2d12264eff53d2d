"""Automatic retraining after N decisions, one training per project, and conflicting coders."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from fieldnotes.domain.enums import CodingStatus
from fieldnotes.services import coding, events, learning, runtime
from fieldnotes.storage.db import dispose_engines
from fieldnotes.storage.models import Coding, Passage
from tests.services.test_learning_retrain import add_coded_project


@pytest.fixture
def url(tmp_path: Path) -> str:
    yield f"sqlite:///{tmp_path / 'db.sqlite'}"
    dispose_engines()


def test_learning_trigger_counts_decisions_since_last_training(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid, theme_id = add_coded_project(url, n=4)
    started: list[str] = []
    monkeypatch.setattr(
        learning, "start_retraining", lambda _url, _pid, **kw: started.append(kw["trigger"]) or object()
    )
    with runtime.transaction(url) as session:
        assert learning.decisions_since_training(session, pid) == 4
    assert learning.maybe_retrain(url, pid, every=5, models_root=tmp_path) is None
    with runtime.transaction(url) as session:
        passage_id = session.scalars(select(Passage.id)).first()
        coding.decide(session, pid, passage_id, theme_id, CodingStatus.REJECTED, "Bram")
    assert learning.maybe_retrain(url, pid, every=5, models_root=tmp_path) is not None
    assert started == ["auto"]
    with runtime.transaction(url) as session:
        events.record(session, pid, "Anouk", "model.retrain", "project", pid, trigger="auto")
    with runtime.transaction(url) as session:
        assert learning.decisions_since_training(session, pid) == 0
    assert learning.maybe_retrain(url, pid, every=5, models_root=tmp_path) is None
    assert learning.maybe_retrain(url, pid, every=0, models_root=tmp_path) is None


def test_learning_trigger_default_every_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(learning.RETRAIN_EVERY_ENV, raising=False)
    assert learning.retrain_every() == 25
    monkeypatch.setenv(learning.RETRAIN_EVERY_ENV, "7")
    assert learning.retrain_every() == 7


def test_learning_trigger_one_training_per_project(url: str, tmp_path: Path) -> None:
    pid, _ = add_coded_project(url, n=2)
    folder = learning.project_dir(pid, tmp_path)
    assert learning._acquire(folder)
    try:
        assert learning.start_retraining(url, pid, models_root=tmp_path) is None
        with pytest.raises(learning.TrainingBusy):
            learning.retrain(url, pid, models_root=tmp_path)
        other = learning.project_dir(pid + 1, tmp_path)
        assert other != folder and learning._acquire(other)  # another project may train meanwhile
        learning._release(other)
    finally:
        learning._release(folder)
    (folder / "training.lock").write_text("999999999", encoding="utf8")  # left behind by a dead process
    assert learning._acquire(folder)
    learning._release(folder)


def test_learning_trigger_conflicting_coders_majority_then_newest(url: str) -> None:
    pid, theme_id = add_coded_project(url, n=2)
    with runtime.transaction(url) as session:
        first = session.scalars(select(Passage).order_by(Passage.id)).first()
        assert first is not None
        anouk = session.scalar(select(Coding).where(Coding.passage_id == first.id))
        original = anouk.status is CodingStatus.ACCEPTED  # type: ignore[union-attr]
        flipped = CodingStatus.REJECTED if original else CodingStatus.ACCEPTED
        coding.decide(session, pid, first.id, theme_id, flipped, "Bram")  # 1-1: the newest (Bram) wins
    with runtime.transaction(url) as session:
        coded = {c.id: c for c in learning.coded_passages(session, pid, ["workarounds"])}
        assert coded[first.id].labels == {"workarounds": not original}
        coding.decide(session, pid, first.id, theme_id, CodingStatus.ACCEPTED if original else CodingStatus.REJECTED,
                      "Carla")  # 2-1: the majority wins
    with runtime.transaction(url) as session:
        coded = {c.id: c for c in learning.coded_passages(session, pid, ["workarounds"])}
        assert coded[first.id].labels == {"workarounds": original}
        assert len(coded) == 2
