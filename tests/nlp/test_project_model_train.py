"""Project model training on a tiny background: the Tagger interface, determinism, cue-only themes, thresholds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest

from fieldnotes.nlp.corpus import split_corpus
from fieldnotes.nlp.project_model import (
    LEARNING_FILE,
    MODEL_FILE,
    CodedText,
    LearningSettings,
    ProjectTagger,
    ProjectTheme,
    TextView,
    choose_threshold,
    coded_metrics,
    load_project_tagger,
    model_decisions,
    resolve_decisions,
    train_project_model,
)
from fieldnotes.nlp.tagger import Tagger
from fieldnotes.nlp.themes import THEME_KEYS

BENCHMARK_DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
DATA = BENCHMARK_DATA / "learning_theme.jsonl"
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
    """Fast settings for tests: the tiny corpus as background, 3 folds, a lenient firing cap for 40 passages."""
    return LearningSettings(folds=3, corpus_dir=corpus_dir, background_size=40, max_background_rate=0.25)


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
    tagger = load_project_tagger(root / "m1")
    assert isinstance(tagger, ProjectTagger) and load_project_tagger(root / "m1") is tagger
    assert tagger.version == "p1-v1-test"
    assert tagger.theme_keys == [*THEME_KEYS, "workarounds", "fresh"]
    results = tagger.tag_many(["Als omweg houden we alles bij in een eigen lijstje.", "We are understaffed."],
                              langs=["nl", None])
    assert set(results[0].scores) == set(tagger.theme_keys) and results[1].lang == "en"
    assert all(0.0 <= v <= 1.0 for r in results for v in r.scores.values())
    assert not (root / "m1.partial").exists()
    meta = json.loads((root / "m1" / MODEL_FILE).read_text(encoding="utf8"))
    kinds = {m["key"]: m["kind"] for m in meta["models"]}
    assert kinds["workarounds"] in ("text", "cue") and kinds["fresh"] == "cue"
    assert all(kinds[k] == "shipped" for k in THEME_KEYS)  # nobody coded the built-in themes
    stored = json.loads((root / "m1" / LEARNING_FILE).read_text(encoding="utf8"))["decisions"]
    assert set(stored) == {str(c.id) for c in coded}


def test_project_model_train_cue_only_theme_fires_on_its_cue(
    trained: tuple[Path, LearningSettings, list[CodedText]],
) -> None:
    tagger = load_project_tagger(trained[0] / "m1")
    coffee = tagger.tag("De koffie is op.", "nl")
    assert "fresh" in coffee.themes and coffee.evidence["fresh"] == ["koffie"]
    assert "fresh" not in tagger.tag("Het water is op.", "nl").themes


def test_project_model_train_keeps_shipped_behaviour_without_codings(
    trained: tuple[Path, LearningSettings, list[CodedText]],
) -> None:
    texts = ["Wij zijn structureel onderbezet en hebben nooit tijd.", "The customer waited three weeks for a reply."]
    shipped = Tagger.load().tag_many(texts, langs=["nl", "en"])
    project = load_project_tagger(trained[0] / "m1").tag_many(texts, langs=["nl", "en"])
    for a, b in zip(shipped, project):
        assert [t for t in b.themes if t in THEME_KEYS] == a.themes
        assert all(b.scores[k] == pytest.approx(a.scores[k]) for k in THEME_KEYS)


def test_project_model_threshold_never_fires_on_everything() -> None:
    coded = numpy.asarray([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    y = numpy.asarray([1, 1, 0, 1, 0, 1])
    background = numpy.linspace(0.0, 0.85, 100)  # the background scores as high as the codings
    threshold = choose_threshold(coded, y, background, 0.1)
    assert numpy.mean(background >= threshold) <= 0.1
    assert threshold > 0.7  # "all positive" (F1 0.8 on the codings) is not allowed
    assert choose_threshold(coded, y, numpy.zeros(0), 0.1) <= 0.4  # without background: best F1 on the codings
    assert choose_threshold(coded, y, numpy.ones(10), 0.1) == 1.0  # nothing is allowed to fire


def test_project_model_threshold_tolerance_takes_plateau_middle() -> None:
    coded = numpy.asarray([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2])
    y = numpy.asarray([1, 1, 1, 0, 1, 0, 0, 0])
    # F1 per threshold 0.9 .. 0.2: 0.4, 0.67, 0.86, 0.75, 0.89, 0.8, 0.73, 0.67
    assert choose_threshold(coded, y, numpy.zeros(0), 0.1) == pytest.approx(0.5)  # the spike
    # within 0.1 of the best: 0.7, 0.5, 0.4 -> their median
    assert choose_threshold(coded, y, numpy.zeros(0), 0.1, tolerance=0.1) == pytest.approx(0.5)
    # within 0.15: 0.7, 0.6, 0.5, 0.4 -> 0.55
    assert choose_threshold(coded, y, numpy.zeros(0), 0.1, tolerance=0.15) == pytest.approx(0.55)
    # the firing cap still bounds the choice: 0.52 would tag 20% of the background, so only 0.9 .. 0.6 are allowed
    background = numpy.r_[0.52, 0.52, numpy.full(8, 0.1)]
    assert choose_threshold(coded, y, background, 0.1, tolerance=0.15) == pytest.approx(0.65)


def test_project_model_view_weight_scales_rows_and_round_trips() -> None:
    texts = ["de lijst in excel", "het officiële systeem", "een eigen lijstje"]
    view = TextView.fit("char", texts, min_df=1, word_ngrams=1, char_ngrams=(3, 4), weight=0.5)
    norms = numpy.sqrt(numpy.asarray(view.transform(texts).multiply(view.transform(texts)).sum(axis=1)).ravel())
    assert norms == pytest.approx([0.5, 0.5, 0.5])
    again = TextView.from_json(view.to_json())
    assert again.transform(texts).toarray() == pytest.approx(view.transform(texts).toarray(), abs=1e-6)
    legacy = {k: v for k, v in view.to_json().items() if k != "weight"}  # versions saved before view weights
    assert TextView.from_json(legacy).weight == 1.0


def test_project_model_benchmark_themes_are_balanced() -> None:
    for name in ("learning_theme.jsonl", "learning_theme_b.jsonl"):
        rows = [json.loads(line) for line in (BENCHMARK_DATA / name).read_text(encoding="utf8").splitlines()]
        assert len({r["id"] for r in rows}) == len(rows) and len({r["text"] for r in rows}) == len(rows)
        for lang in ("nl", "en"):
            for label in (True, False):
                assert sum(r["lang"] == lang and r["label"] is label for r in rows) >= 30, (name, lang, label)


def test_project_model_train_is_deterministic(
    trained: tuple[Path, LearningSettings, list[CodedText]], tmp_path: Path
) -> None:
    root, settings, coded = trained
    again = train_project_model(THEMES + [ProjectTheme("fresh", {"nl": ["koffie"]})], coded, tmp_path / "m",
                                "p1-v1-test", settings=settings)
    first = json.loads((root / "m1" / MODEL_FILE).read_text(encoding="utf8"))["models"]
    second = json.loads((tmp_path / "m" / MODEL_FILE).read_text(encoding="utf8"))["models"]
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
    assert set(decisions[999]) == set(load_project_tagger(root / "m1").theme_keys)


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


def test_project_model_train_falls_back_to_cues_when_not_separable(tmp_path: Path) -> None:
    settings = tiny_settings(tiny_corpus(tmp_path / "corpus", per_lang=10))
    coded = [CodedText(i, "nl", "Het is dinsdag.", {"workarounds": i % 2 == 0}) for i in range(12)]
    model = train_project_model(THEMES, coded, tmp_path / "m", "v", settings=settings)
    note = model.models["workarounds"]
    assert note["kind"] == "cue" and note["reason"] == "not_separable" and note["oof_auc"] == pytest.approx(0.5)
    tagger = load_project_tagger(tmp_path / "m")
    assert "workarounds" in tagger.tag("Dat is een noodoplossing.", "nl").themes
    assert "workarounds" not in tagger.tag("Het is dinsdag.", "nl").themes


def test_project_model_train_builtin_theme_learns_from_codings(tmp_path: Path) -> None:
    settings = tiny_settings(tiny_corpus(tmp_path / "corpus", per_lang=10))
    coded = [CodedText(c.id, c.lang, c.text, {"no_time": c.labels["workarounds"]}) for c in workaround_examples(16)]
    model = train_project_model(THEMES, coded, tmp_path / "m", "v", settings=settings)
    assert model.models["no_time"]["kind"] in ("text", "shipped") and model.models["silos"]["kind"] == "shipped"
    assert set(model.decisions) == {c.id for c in coded}
    meta = json.loads((tmp_path / "m" / MODEL_FILE).read_text(encoding="utf8"))
    no_time = next(m for m in meta["models"] if m["key"] == "no_time")
    assert no_time["kind"] != "text" or no_time["with_base"]  # a built-in theme's model sees the shipped score
    result = load_project_tagger(tmp_path / "m").tag(coded[0].text, coded[0].lang)
    assert set(result.scores) == {t.key for t in THEMES}
