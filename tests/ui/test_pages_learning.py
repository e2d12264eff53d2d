"""AppTest of the learning page: versions with F1 before/after, activation, and the retrain button's status."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from fieldnotes.nlp.tagger import DEFAULT_MODEL_DIR
from fieldnotes.services import learning, projects, runtime
from fieldnotes.storage.models import ModelVersion


def _metrics(before: float, after: float, activated: bool) -> dict[str, object]:
    theme = {"silos": {"precision": 1.0, "recall": 1.0, "f1": None, "n": 3, "support": 2}}
    return {
        "before": {"per_theme": {"silos": {**theme["silos"], "f1": before}}, "macro_f1": before},
        "after": {"per_theme": {"silos": {**theme["silos"], "f1": after}}, "macro_f1": after},
        "before_version": None, "activated": activated,
        "reason": "learning.reason.not_worse" if activated else "learning.reason.worse",
        "trigger": "manual", "coded_passages": 3, "folds": 3, "seconds": 1.0,
    }


@pytest.fixture
def versions(app_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int, int]:
    """Two versions (both pointing at the shipped model files): v1 active, v2 kept inactive as worse."""
    monkeypatch.setenv("FIELDNOTES_HOME", str(tmp_path / "home"))
    with runtime.transaction(app_db) as session:
        pid = projects.resolve_project(session).id
        v1 = ModelVersion(project_id=pid, version=f"p{pid}-v1-20261123T0400", path=str(DEFAULT_MODEL_DIR),
                          metrics=_metrics(0.5, 0.6, True), active=True)
        v2 = ModelVersion(project_id=pid, version=f"p{pid}-v2-20261123T0410", path=str(DEFAULT_MODEL_DIR),
                          metrics=_metrics(0.6, 0.4, False), active=False)
        session.add_all([v1, v2])
        session.flush()
        return pid, v1.id, v2.id


def test_pages_learning_lists_versions_with_before_and_after(
    page: Callable[..., AppTest], versions: tuple[int, int, int]
) -> None:
    pid = versions[0]
    at = page("learning", lang="en")
    assert not at.exception
    assert at.title[0].value == "The tagger learns from your coding"
    labels = [e.label for e in at.expander]
    assert f"p{pid}-v2-20261123T0410 — macro-F1 0.60 → 0.40" in labels
    assert f"p{pid}-v1-20261123T0400 — macro-F1 0.50 → 0.60 (active)" in labels
    assert any("Not activated" in w.value for w in at.warning)
    table = at.dataframe[0].value
    assert list(table.columns) == ["Theme", "F1 before", "F1 after", "Coded (accepted)"]


def test_pages_learning_activates_an_older_version(
    page: Callable[..., AppTest], versions: tuple[int, int, int], app_db: str
) -> None:
    pid, _, v2 = versions
    at = page("learning", lang="en")
    at.button(key=f"activate-{v2}").click().run()
    assert not at.exception
    with runtime.transaction(app_db) as session:
        active = learning.active_version(session, pid)
    assert active is not None and active.id == v2


def test_pages_learning_retrain_button_reports_status(
    page: Callable[..., AppTest], versions: tuple[int, int, int]
) -> None:
    pid = versions[0]
    at = page("learning", lang="en")
    at.button(key="learning.retrain").click().run()
    assert not at.exception
    deadline = time.monotonic() + 30
    while learning.read_status(pid).running and time.monotonic() < deadline:
        time.sleep(0.2)
    at.run()
    # the test project has no codings: the background job fails fast and the page says why
    assert any("At least two coded passages" in e.value for e in at.error)
