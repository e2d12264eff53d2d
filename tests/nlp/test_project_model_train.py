"""Project model training on a tiny corpus: Tagger format, determinism, cue-only themes, stored CV decisions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldnotes.nlp.corpus import split_corpus
from fieldnotes.nlp.project_model import (
    LEARNING_FILE,
    CodedText,
    LearningSettings,
    ProjectTheme,
    coded_metrics,
    model_decisions,
    resolve_decisions,
    train_project_model,
)
from fieldnotes.nlp.tagger import Tagger
from fieldnotes.nlp.themes import THEME_KEYS
from fieldnotes.nlp.train import TextcatSettings

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "learning_theme.jsonl"
WORKAROUND_CUES = {"nl": ["omweg", "noodoplossing"], "en": ["workaround", "makeshift"]}


def tiny_corpus(folder: Path, per_lang: int = 20) -> Path:
    """A corpus dir with `per_lang` training passages per language of the real training part and no held-out ids."""
    train, _ = split_corpus()
    chosen = [p for lang in ("nl", "en") for p in [q for q in train if q.lang == lang][:per_lang]]
    (folder / "parts").mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps({"id": p.id, "lang": p.lang, "text": p.text, "labels": list(p.labels), "source_dept": p.source_dept,
                    "target_dept": p.target_dept, "note": p.note})
        for p in chosen
    ]
    (folder / "parts" / "tiny.jsonl").write_text("\n".join(lines) + "\n", encoding="utf8")
    (folder / "heldout_ids.txt").write_text("", encoding="utf8")
    return folder


def tiny_settings(corpus_dir: Path) -> LearningSettings:
    """Fast settings for tests: a few epochs, a small hash table, 3 folds."""
    return LearningSettings(textcat=TextcatSettings(epochs=4, length=2048), folds=3, corpus_dir=corpus_dir)


def workaround_examples(n: int) -> list[CodedText]:
    """The first n passages of the benchmark theme as coded texts (ids 1..n)."""
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf8").splitlines()[:n]]
    return [CodedText(i + 1, r["lang"], r["text"], {"workarounds": r["label"]}) for i, r in enumerate(rows)]


THEMES = [ProjectTheme(k) for k in THEME_KEYS] + [ProjectTheme("workarounds", WORKAROUND_CUES)]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LearningSettings, list[CodedText]]:
    root = tmp_path_factory.mktemp("project_model")
    settings = tiny_settings(tiny_corpus(root / "corpus"))
    coded = workaround_examples(12)
    train_project_model(THEMES + [ProjectTheme("fresh", {"nl": ["koffie"]})], coded, root / "m1", "p1-v1-test",
                        settings=settings)
    return root, settings, coded


def test_project_model_train_loads_as_tagger(trained: tuple[Path, LearningSettings, list[CodedText]]) -> None:
    root, _, coded = trained
    tagger = Tagger.load(root / "m1")
    assert tagger.version == "p1-v1-test"
    assert tagger.theme_keys == [*THEME_KEYS, "workarounds", "fresh"]
    result = tagger.tag("Als omweg houden we alles bij in een eigen lijstje.", "nl")
    assert "workarounds" in result.scores
    assert not (root / "m1.partial").exists()
    stored = json.loads((root / "m1" / LEARNING_FILE).read_text(encoding="utf8"))["decisions"]
    assert set(stored) == {str(c.id) for c in coded}


def test_project_model_train_cue_only_theme_fires_on_its_cue(
    trained: tuple[Path, LearningSettings, list[CodedText]],
) -> None:
    tagger = Tagger.load(trained[0] / "m1")
    assert "fresh" in tagger.tag("De koffie is op.", "nl").themes
    assert "fresh" not in tagger.tag("Het water is op.", "nl").themes


def test_project_model_train_is_deterministic(
    trained: tuple[Path, LearningSettings, list[CodedText]], tmp_path: Path
) -> None:
    root, settings, coded = trained
    again = train_project_model(THEMES + [ProjectTheme("fresh", {"nl": ["koffie"]})], coded, tmp_path / "m",
                                "p1-v1-test", settings=settings)
    first = json.loads((root / "m1" / "tagger.json").read_text(encoding="utf8"))["stacker"]
    second = json.loads((tmp_path / "m" / "tagger.json").read_text(encoding="utf8"))["stacker"]
    assert first == second
    stored = json.loads((root / "m1" / LEARNING_FILE).read_text(encoding="utf8"))["decisions"]
    assert {str(k): v for k, v in again.decisions.items()} == stored


def test_project_model_train_model_decisions_use_stored_out_of_fold(
    trained: tuple[Path, LearningSettings, list[CodedText]],
) -> None:
    root, _, coded = trained
    stored = json.loads((root / "m1" / LEARNING_FILE).read_text(encoding="utf8"))["decisions"]
    unseen = CodedText(999, "en", "We keep a makeshift workaround spreadsheet.", {"workarounds": True})
    decisions = model_decisions(root / "m1", [*coded, unseen])
    assert all(decisions[c.id] == stored[str(c.id)] for c in coded)
    assert set(decisions[999]) == set(Tagger.load(root / "m1").theme_keys)


def test_project_model_train_needs_two_coded_passages(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        train_project_model(THEMES, workaround_examples(1), tmp_path / "m", "v", settings=tiny_settings(tmp_path))


def test_project_model_metrics_and_conflicts() -> None:
    coded = [
        CodedText(1, "nl", "a", {"x": True}),
        CodedText(2, "nl", "b", {"x": False}),
        CodedText(3, "nl", "c", {"x": True, "y": False}),
    ]
    result = coded_metrics(coded, {1: {"x": True}, 2: {"x": True}, 3: {"x": False}}, ["x", "y"])
    assert result["per_theme"]["x"]["f1"] == pytest.approx(0.5)
    assert result["per_theme"]["y"]["f1"] is None and result["per_theme"]["y"]["n"] == 1
    assert result["macro_f1"] == pytest.approx(0.5)
    assert resolve_decisions([(True, 1.0), (True, 2.0), (False, 3.0)]) is True
    assert resolve_decisions([(True, 1.0), (False, 2.0)]) is False
    assert resolve_decisions([(False, 1.0), (True, 2.0)]) is True
