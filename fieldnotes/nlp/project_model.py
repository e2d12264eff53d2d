"""Project classifiers: the theme tagger retrained on corpus/ plus one project's accepted and rejected codings.

Training data, per row and theme, is a target and a weight (weight 0 = the label is unknown, no gradient):
- corpus passages (training part only, never `heldout_ids.txt`): their labels for the built-in themes with
  weight 1; for a user-defined theme they are *background negatives* with a low weight (`background_weight`),
  because the corpus was never annotated for that theme. A few corpus passages may really belong to the new theme;
  the low weight keeps such label noise from dominating, while the many background texts stop a model trained on
  a handful of balanced codings from firing on every ordinary passage.
- coded project passages: accepted = 1, rejected = 0 for the decided theme, weight `project_weight`; themes nobody
  decided on for that passage are unknown (weight 0).
The stacker (cue features + textcat logit) and its per-theme thresholds are fitted only on rows whose label is
known (corpus rows for built-in themes, coded project rows for every theme), never on background negatives.
A theme without any known label gets a cue-only stacker, so a new theme's cue words work from the start.

The result is a model directory in `Tagger` format plus `learning.json` with the out-of-fold decisions on the coded
passages, which is how a later training compares against this model without in-sample optimism.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed
from thinc.api import Adam

from fieldnotes.nlp.corpus import CORPUS_DIR, fold_ids, split_corpus
from fieldnotes.nlp.pipeline import build_pipeline
from fieldnotes.nlp.scoring import N_FEATURES, Stacker, best_threshold, cue_counts, features, fit_stacker, fit_weights
from fieldnotes.nlp.tagger import Tagger
from fieldnotes.nlp.textcat import textcat_config
from fieldnotes.nlp.themes import THEME_KEYS
from fieldnotes.nlp.train import LANGS, TEXTCAT, TextcatSettings, textcat_probs

LEARNING_FILE = "learning.json"
ProgressFn = Callable[[float, str], None]

# A theme nobody coded yet: one active cue gives ~0.64 (above the 0.5 threshold), no cue ~0.18, a blocked cue less.
CUE_ONLY_COEF = (0.0, 3.0, -2.0)
CUE_ONLY_INTERCEPT = -1.5
CUE_ONLY_THRESHOLD = 0.5


@dataclass(frozen=True)
class ProjectTheme:
    """A theme the project model must learn: its key and its cue words per language."""

    key: str
    cues: Mapping[str, Sequence[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class CodedText:
    """A coded project passage: its text and the resolved human decision per theme key (True = accepted)."""

    id: int
    lang: str
    text: str
    labels: Mapping[str, bool]


@dataclass(frozen=True)
class LearningSettings:
    """Everything a project retraining decides besides the data (tests pass tiny epochs and a tiny corpus)."""

    textcat: TextcatSettings = TextcatSettings(epochs=30)
    folds: int = 5
    project_weight: float = 2.0
    background_weight: float = 0.2
    stacker_c: float = 1.0
    threshold_beta: float = 1.0
    seed: int = 13
    corpus_dir: Path = CORPUS_DIR


@dataclass(frozen=True)
class ProjectModel:
    """A trained project model: where it is, its themes, and its cross-validated decisions on the coded passages."""

    version: str
    path: Path
    themes: tuple[str, ...]
    decisions: dict[int, dict[str, bool]]
    seconds: float


@dataclass
class _Rows:
    """Training rows: corpus passages first, then coded project passages."""

    langs: list[str]
    texts: list[str]
    targets: numpy.ndarray  # (n, themes) float32
    weights: numpy.ndarray  # (n, themes) float32, 0 = unknown
    known: numpy.ndarray  # (n, themes) bool, labels the stacker may use
    folds: numpy.ndarray  # (n,) int
    project_ids: list[int | None]


def resolve_decisions(decisions: Sequence[tuple[bool, float]]) -> bool:
    """One label from several coders' (accepted, decided_at timestamp): the majority; a tie goes to the newest."""
    accepted = sum(1 for ok, _ in decisions if ok)
    rejected = len(decisions) - accepted
    if accepted != rejected:
        return accepted > rejected
    return max(decisions, key=lambda d: d[1])[0]


def fold_count(n_coded: int, folds: int = LearningSettings.folds) -> int:
    """k for the cross-validation on coded passages: min(folds, coded passages); below 2 there is nothing to learn."""
    return min(folds, n_coded)


def _project_folds(coded: Sequence[CodedText], k: int, seed: int) -> list[int]:
    """Deterministic folds stratified by language and decision pattern (same accumulator idea as the corpus)."""
    groups: dict[tuple[str, tuple[tuple[str, bool], ...]], list[int]] = defaultdict(list)
    for i, c in enumerate(coded):
        groups[(c.lang, tuple(sorted(c.labels.items())))].append(i)
    out = [0] * len(coded)
    counter = 0
    for key in sorted(groups):
        for i in sorted(groups[key], key=lambda j: hashlib.sha256(f"{seed}:{coded[j].id}".encode()).hexdigest()):
            out[i] = counter % k
            counter += 1
    return out


def _rows(themes: Sequence[str], coded: Sequence[CodedText], settings: LearningSettings, k: int) -> _Rows:
    train, _ = split_corpus(settings.corpus_dir)
    builtin = numpy.asarray([t in THEME_KEYS for t in themes])
    n_corpus, n = len(train), len(train) + len(coded)
    targets = numpy.zeros((n, len(themes)), dtype="float32")
    weights = numpy.zeros((n, len(themes)), dtype="float32")
    known = numpy.zeros((n, len(themes)), dtype=bool)
    for i, p in enumerate(train):
        targets[i] = [float(t in p.labels) for t in themes]
        weights[i] = numpy.where(builtin, 1.0, settings.background_weight)
        known[i] = builtin
    for j, c in enumerate(coded):
        i = n_corpus + j
        targets[i] = [float(c.labels.get(t, False)) for t in themes]
        known[i] = [t in c.labels for t in themes]
        weights[i] = known[i] * settings.project_weight
    folds = numpy.asarray(
        [f % k for f in fold_ids(train, folds=k, seed=settings.seed)] + _project_folds(coded, k, settings.seed)
    )
    return _Rows(
        langs=[p.lang for p in train] + [c.lang for c in coded],
        texts=[p.text for p in train] + [c.text for c in coded],
        targets=targets,
        weights=weights,
        known=known,
        folds=folds,
        project_ids=[None] * n_corpus + [c.id for c in coded],
    )


def train_weighted_textcat(
    nlp: Language,
    docs: Sequence[Doc],
    targets: numpy.ndarray,
    weights: numpy.ndarray,
    labels: Sequence[str],
    *,
    seed: int,
    settings: TextcatSettings,
) -> None:
    """Add (or replace) a lemma-BOW textcat in `nlp` trained with a per-example, per-label weight (0 = missing).

    Same loss as spaCy's textcat (`scores - truths`, masked), scaled by the weights. Deterministic for a seed.
    """
    if TEXTCAT in nlp.pipe_names:
        nlp.remove_pipe(TEXTCAT)
    fix_random_seed(seed)
    textcat = nlp.add_pipe(
        TEXTCAT, config=textcat_config(ngram_size=settings.ngram_size, attr=settings.attr, length=settings.length)
    )
    label_list = list(labels)
    samples = [Example.from_dict(doc, {"cats": dict(zip(label_list, map(float, row)))}) for doc, row in
               zip(docs, targets)]
    textcat.initialize(lambda: samples, nlp=nlp, labels=label_list)
    order_of = [label_list.index(label) for label in textcat.labels]
    targets, weights = targets[:, order_of], weights[:, order_of]
    optimizer = Adam(learn_rate=settings.learn_rate, L2=settings.l2, grad_clip=1.0, L2_is_weight_decay=True)
    rng = random.Random(seed)
    order = [i for i in range(len(docs)) if len(docs[i]) and weights[i].any()]
    for _ in range(settings.epochs):
        rng.shuffle(order)
        for start in range(0, len(order), settings.batch_size):
            batch = order[start : start + settings.batch_size]
            scores, backprop = textcat.model.begin_update([docs[i] for i in batch])
            backprop((scores - targets[batch]) * weights[batch])
            textcat.finish_update(optimizer)


def fit_masked_stacker(
    feats: numpy.ndarray, y: numpy.ndarray, known: numpy.ndarray, themes: Sequence[str], *, folds: numpy.ndarray,
    c: float, beta: float,
) -> Stacker:
    """Per theme, `fit_stacker` on the rows whose label is known; cue-only weights for a theme without labels."""
    coef = numpy.zeros((len(themes), N_FEATURES))
    intercept = numpy.zeros(len(themes))
    thresholds = numpy.zeros(len(themes))
    for t, theme in enumerate(themes):
        rows = known[:, t]
        if not rows.any():
            coef[t], intercept[t], thresholds[t] = CUE_ONLY_COEF, CUE_ONLY_INTERCEPT, CUE_ONLY_THRESHOLD
            continue
        sub_feats, sub_y = feats[rows][:, [t], :], y[rows][:, [t]]
        if len(set(folds[rows].tolist())) >= 2:
            fitted = fit_stacker(sub_feats, sub_y, [theme], folds=folds[rows].tolist(), c=c, beta=beta)
            coef[t], intercept[t], thresholds[t] = fitted.coef[0], fitted.intercept[0], fitted.thresholds[0]
            continue
        # one fold only (k = 2 inside a CV round): weights and threshold from the same rows
        w, b = fit_weights(sub_feats, sub_y, c=c)
        scores = Stacker((theme,), w, b, numpy.zeros(1)).scores(sub_feats)[:, 0]
        coef[t], intercept[t], thresholds[t] = w[0], b[0], best_threshold(scores, sub_y[:, 0], beta=beta)
    return Stacker(tuple(themes), coef, intercept, thresholds)


def _cues_for(themes: Sequence[ProjectTheme], lang: str) -> dict[str, list[str]]:
    return {t.key: [c for c in t.cues.get(lang, ()) if c.strip()] for t in themes if t.cues.get(lang)}


def train_project_model(
    themes: Sequence[ProjectTheme],
    coded: Sequence[CodedText],
    out_dir: Path,
    version: str,
    *,
    settings: LearningSettings = LearningSettings(),
    progress: ProgressFn | None = None,
) -> ProjectModel:
    """Train a project model into `out_dir` (written to a temporary sibling first, then moved into place).

    Steps: k-fold textcats (k = min(folds, coded passages)) give out-of-fold probabilities for every row; the
    masked stacker is fitted per CV round to get out-of-fold decisions on the coded passages, and once on all rows
    for the model; a final textcat is trained on all rows.
    """
    started = time.perf_counter()
    report = progress or (lambda _f, _p: None)
    k = fold_count(len(coded), settings.folds)
    if k < 2:
        raise ValueError("at least two coded passages are needed to train a project model")
    keys = [t.key for t in themes]
    report(0.0, "prepare")
    rows = _rows(keys, coded, settings, k)
    pipelines = {lang: build_pipeline(lang, extra_cues=_cues_for(themes, lang)) for lang in LANGS}
    docs: list[Doc] = [None] * len(rows.texts)  # type: ignore[list-item]
    for lang, nlp in pipelines.items():
        idx = [i for i, lg in enumerate(rows.langs) if lg == lang]
        for i, doc in zip(idx, nlp.pipe([rows.texts[i] for i in idx])):
            docs[i] = doc
    steps = k * len(LANGS) + len(LANGS) + 1
    done = 0

    def fit(train_rows: Sequence[int], lang: str) -> Language:
        nonlocal done
        nlp = pipelines[lang]
        mine = [i for i in train_rows if rows.langs[i] == lang]
        train_weighted_textcat(
            nlp, [docs[i] for i in mine], rows.targets[mine], rows.weights[mine], keys,
            seed=settings.seed, settings=settings.textcat,
        )
        done += 1
        report(done / steps, "train")
        return nlp

    probs = numpy.zeros(rows.targets.shape, dtype="float32")
    for fold in range(k):
        train_rows = [i for i in range(len(docs)) if rows.folds[i] != fold]
        for lang in LANGS:
            test_rows = [i for i in range(len(docs)) if rows.folds[i] == fold and rows.langs[i] == lang]
            if not test_rows:
                done += 1
                continue
            nlp = fit(train_rows, lang)
            probs[test_rows] = textcat_probs(nlp, [docs[i] for i in test_rows], keys)
    active, blocked = cue_counts(docs, keys)
    feats = features(probs, active, blocked)
    y = rows.targets.astype("int64")

    report(done / steps, "evaluate")
    decisions: dict[int, dict[str, bool]] = {}
    for fold in range(k):
        inner = rows.folds != fold
        stacker = fit_masked_stacker(
            feats[inner], y[inner], rows.known[inner], keys, folds=rows.folds[inner],
            c=settings.stacker_c, beta=settings.threshold_beta,
        )
        test = [i for i in range(len(docs)) if rows.folds[i] == fold and rows.project_ids[i] is not None]
        if test:
            chosen = stacker.scores(feats[test]) >= stacker.thresholds
            for i, row in zip(test, chosen):
                passage_id = rows.project_ids[i]
                assert passage_id is not None
                decisions[passage_id] = {key: bool(v) for key, v in zip(keys, row)}
    stacker = fit_masked_stacker(
        feats, y, rows.known, keys, folds=rows.folds, c=settings.stacker_c, beta=settings.threshold_beta
    )
    all_rows = list(range(len(docs)))
    for lang in LANGS:
        fit(all_rows, lang)

    report(done / steps, "save")
    out_dir = Path(out_dir)
    tmp = out_dir.with_name(out_dir.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    for lang, nlp in pipelines.items():
        nlp.to_disk(tmp / lang)
    settings_json = asdict(settings)
    settings_json["corpus_dir"] = str(settings.corpus_dir)
    meta = {
        "version": version,
        "themes": keys,
        "langs": list(LANGS),
        "seed": settings.seed,
        "settings": settings_json,
        "training_passages": int(len(docs)),
        "coded_passages": len(coded),
        "folds": k,
        "stacker": stacker.to_json(),
    }
    (tmp / "tagger.json").write_text(json.dumps(meta, indent=2), encoding="utf8")
    learning = {"decisions": {str(pid): d for pid, d in decisions.items()}}
    (tmp / LEARNING_FILE).write_text(json.dumps(learning), encoding="utf8")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    tmp.rename(out_dir)
    report(1.0, "save")
    return ProjectModel(version, out_dir, tuple(keys), decisions, time.perf_counter() - started)


def model_decisions(model_dir: Path | None, coded: Sequence[CodedText]) -> dict[int, dict[str, bool]]:
    """A model's out-of-sample decisions on coded passages.

    Passages the model was trained on get the out-of-fold decisions stored in its `learning.json`; all others
    (and every passage, for the shipped model, which never saw project data) are tagged by the model itself.
    """
    tagger = Tagger.load(model_dir)
    stored: dict[str, dict[str, bool]] = {}
    if model_dir is not None and (Path(model_dir) / LEARNING_FILE).exists():
        stored = json.loads((Path(model_dir) / LEARNING_FILE).read_text(encoding="utf8"))["decisions"]
    out = {c.id: dict(stored[str(c.id)]) for c in coded if str(c.id) in stored}
    fresh = [c for c in coded if c.id not in out]
    results = tagger.tag_many([c.text for c in fresh], langs=[c.lang for c in fresh]) if fresh else []
    for c, result in zip(fresh, results):
        out[c.id] = {key: key in result.themes for key in tagger.theme_keys}
    return out


def coded_metrics(
    coded: Sequence[CodedText], decisions: Mapping[int, Mapping[str, bool]], themes: Sequence[str]
) -> dict[str, object]:
    """Per-theme P/R/F1 of decisions against the coded labels, and macro-F1 over themes with an accepted example.

    A missing decision counts as "not this theme". A theme without any accepted example has F1 None (undefined)
    and is left out of the macro average.
    """
    per_theme: dict[str, dict[str, object]] = {}
    for theme in themes:
        tp = fp = fn = n = 0
        for c in coded:
            if theme not in c.labels:
                continue
            n += 1
            gold, said = c.labels[theme], bool(decisions.get(c.id, {}).get(theme, False))
            tp += gold and said
            fp += said and not gold
            fn += gold and not said
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = (2 * precision * recall / (precision + recall) if precision + recall else 0.0) if tp + fn else None
        per_theme[theme] = {"precision": precision, "recall": recall, "f1": f1, "n": n, "support": tp + fn}
    scored = [v["f1"] for v in per_theme.values() if v["f1"] is not None]
    return {"per_theme": per_theme, "macro_f1": float(numpy.mean(scored)) if scored else None}
