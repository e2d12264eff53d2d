"""Project classifiers: the shipped tagger plus small per-theme models learnt from one project's codings.

Retraining the whole corpus textcat for every project retraining was slow (k + 1 full trainings) and did not learn
a new theme from a few dozen codings. A project model is instead the shipped `Tagger` plus, per project theme:

- **shipped**: a built-in theme without enough codings keeps the shipped tagger's score and threshold;
- **text**: an L2 logistic regression over TF-IDF views of the passage's lemmas (the same blank spaCy + simplemma
  lemmatiser the tagger uses): lemma unigrams + bigrams and, at half weight, character 3-5-grams inside lemmas
  (Dutch compounds such as "Excel-lijstje"), plus the theme's cue-word counts from the cue matcher (`Theme.cues`
  included). The views are fitted once per theme on all its training texts (no labels), so the fold models and the
  final model share one design matrix. For a built-in theme the shipped tagger's logit is one more feature, and the
  model learns from the project's codings how far to trust it. For a user-defined theme, a sample of ordinary
  corpus passages (training part only) are *background negatives* with a low weight (`background_weight`): the
  corpus was never annotated for that theme, but most field-note text is not about it, and without them a model
  trained on balanced codings fires on everything.
- **cue**: a theme without enough codings, or whose codings the text model cannot separate (out-of-fold ROC AUC
  below `min_auc`), fires on its cue words only (one active cue ~0.64 >= 0.5).

Thresholds are chosen on out-of-fold scores (k folds over the codings and the background) among those that tag at
most `max_background_rate` of the background passages, so a threshold that fires on (almost) everything is
impossible: the median of the thresholds whose F1 on the codings is within `threshold_tolerance` of the best (the
middle of the plateau, steadier than the best spike of a jagged F1 curve over a few dozen codings). Everything is
deterministic for a seed.

The result is a folder with `project_model.json` (plain numbers, no pickles) plus `learning.json` with the
out-of-fold decisions on the coded passages, which is how a later training compares against this model without
in-sample optimism. `load_project_tagger` loads it as a `ProjectTagger`, which has the `Tagger` interface
(`tag`, `tag_many`, `version`, `theme_keys`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import normalize
from spacy.language import Language
from spacy.tokens import Doc

from fieldnotes.nlp.corpus import CORPUS_DIR, split_corpus
from fieldnotes.nlp.cue_matcher import cue_hits
from fieldnotes.nlp.pipeline import build_pipeline
from fieldnotes.nlp.scoring import cue_counts
from fieldnotes.nlp.tagger import DEFAULT_MODEL_DIR, EvidenceSpan, Tagger, TagResult

MODEL_FILE = "project_model.json"
LEARNING_FILE = "learning.json"
LANGS: tuple[str, ...] = ("nl", "en")
ProgressFn = Callable[[float, str], None]

# A theme nobody coded yet: one active cue gives ~0.64 (above the 0.5 threshold), no cue ~0.18, a blocked cue less.
CUE_ONLY_COEF = (3.0, -2.0)
CUE_ONLY_INTERCEPT = -1.5
CUE_ONLY_THRESHOLD = 0.5
_EPS = 1e-4
_CACHE: dict[Path, ProjectTagger] = {}


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
    """Everything a project retraining decides besides the data (tests pass a tiny corpus and background)."""

    folds: int = 5
    c: float = 10.0
    background_size: int = 800
    background_weight: float = 0.2
    max_background_rate: float = 0.12
    min_auc: float = 0.6
    min_per_class: int = 3
    word_ngrams: int = 2
    char_ngrams: tuple[int, int] = (3, 5)
    char_min_df: int = 2
    char_weight: float = 0.5
    threshold_tolerance: float = 0.05
    seed: int = 13
    corpus_dir: Path = CORPUS_DIR
    base_model_dir: Path = DEFAULT_MODEL_DIR


@dataclass(frozen=True)
class ProjectModel:
    """A trained project model: where it is, its themes, its out-of-fold decisions and per-theme model notes."""

    version: str
    path: Path
    themes: tuple[str, ...]
    decisions: dict[int, dict[str, bool]]
    seconds: float
    models: dict[str, dict[str, object]]


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


def _hash(seed: int, key: object) -> str:
    return hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()


def _project_folds(coded: Sequence[CodedText], k: int, seed: int) -> list[int]:
    """Deterministic folds stratified by language and decision pattern."""
    groups: dict[tuple[str, tuple[tuple[str, bool], ...]], list[int]] = defaultdict(list)
    for i, c in enumerate(coded):
        groups[(c.lang, tuple(sorted(c.labels.items())))].append(i)
    out = [0] * len(coded)
    counter = 0
    for key in sorted(groups):
        for i in sorted(groups[key], key=lambda j: _hash(seed, coded[j].id)):
            out[i] = counter % k
            counter += 1
    return out


# --- features ---------------------------------------------------------------------------------------------


def _counter(kind: str, word_ngrams: int, char_ngrams: tuple[int, int], **kwargs: object) -> CountVectorizer:
    """Counts of a lemma text ("lemma lemma ..."): word n-grams, or character n-grams inside lemmas."""
    if kind == "word":
        return CountVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, word_ngrams), **kwargs)
    return CountVectorizer(analyzer="char_wb", lowercase=False, ngram_range=tuple(char_ngrams), **kwargs)


@dataclass(frozen=True)
class TextView:
    """One TF-IDF view (sublinear tf, smooth idf, L2 norm) with a fixed vocabulary."""

    kind: str  # "word" | "char"
    vocabulary: dict[str, int]
    idf: numpy.ndarray
    word_ngrams: int
    char_ngrams: tuple[int, int]
    weight: float = 1.0  # the view's rows have this L2 norm: its share of the L2 penalty budget

    @classmethod
    def fit(cls, kind: str, texts: Sequence[str], *, min_df: int, word_ngrams: int,
            char_ngrams: tuple[int, int], weight: float = 1.0) -> TextView:
        counter = _counter(kind, word_ngrams, char_ngrams, min_df=min_df)
        counts = counter.fit_transform(texts)
        df = numpy.bincount(counts.indices, minlength=counts.shape[1])
        idf = numpy.log((1 + len(texts)) / (1 + df)) + 1.0
        vocabulary = {str(t): int(i) for t, i in counter.vocabulary_.items()}
        return cls(kind, vocabulary, idf, word_ngrams, tuple(char_ngrams), weight)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        counts = _counter(self.kind, self.word_ngrams, self.char_ngrams, vocabulary=self.vocabulary,
                          dtype=numpy.float64).transform(texts).tocsr()
        counts.data = 1.0 + numpy.log(counts.data)
        return self.weight * normalize(counts @ sparse.diags(self.idf), norm="l2")

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "terms": sorted(self.vocabulary, key=self.vocabulary.__getitem__),
                "idf": self.idf.round(6).tolist(), "word_ngrams": self.word_ngrams,
                "char_ngrams": list(self.char_ngrams), "weight": self.weight}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> TextView:
        terms: list[str] = list(data["terms"])  # type: ignore[arg-type]
        return cls(str(data["kind"]), {t: i for i, t in enumerate(terms)}, numpy.asarray(data["idf"], dtype=float),
                   int(data["word_ngrams"]), tuple(data["char_ngrams"]),  # type: ignore[arg-type]
                   float(data.get("weight", 1.0)))  # type: ignore[arg-type]


@dataclass
class _Texts:
    """Lemma texts and per-theme cue features of some passages, plus the shipped tagger's logits."""

    lemmas: list[str]
    active: numpy.ndarray  # (n, themes) active cue counts
    blocked: numpy.ndarray  # (n, themes) blocked cue counts
    base: numpy.ndarray  # (n, themes) shipped logit (0 for themes the shipped tagger lacks)

    def rows(self, idx: Sequence[int]) -> _Texts:
        ix = list(idx)
        return _Texts([self.lemmas[i] for i in ix], self.active[ix], self.blocked[ix], self.base[ix])


def _lemma_text(doc: Doc) -> str:
    return " ".join(t.lemma_ or t.lower_ for t in doc if not (t.is_punct or t.is_space))


def _logit(p: numpy.ndarray) -> numpy.ndarray:
    p = numpy.clip(p, _EPS, 1 - _EPS)
    return numpy.log(p / (1 - p))


def _dense(texts: _Texts, t: int, with_base: bool) -> numpy.ndarray:
    cols = [numpy.log1p(texts.active[:, t]), (texts.blocked[:, t] > 0).astype(float)]
    if with_base:
        cols.append(texts.base[:, t] / 4.0)  # scaled like the TF-IDF features so that L2 treats it fairly
    return numpy.stack(cols, axis=1)


@dataclass(frozen=True)
class ThemeModel:
    """One theme's add-on: `kind` shipped (keep the shipped score), cue (cue words only) or text (see module doc)."""

    key: str
    kind: str
    threshold: float
    views: tuple[TextView, ...] = ()
    coef: numpy.ndarray = field(default_factory=lambda: numpy.asarray(CUE_ONLY_COEF))  # views..., cue, blocked[, base]
    intercept: float = CUE_ONLY_INTERCEPT
    with_base: bool = False

    def decision(self, texts: _Texts, t: int) -> numpy.ndarray:
        """Logits for the theme in column t of `texts`."""
        return _decision(_design(self.views, texts, t, self.with_base), self.coef, self.intercept)

    def scores(self, texts: _Texts, t: int) -> numpy.ndarray:
        return _sigmoid(self.decision(texts, t))

    def to_json(self) -> dict[str, object]:
        return {"key": self.key, "kind": self.kind, "threshold": round(self.threshold, 6),
                "views": [v.to_json() for v in self.views], "coef": self.coef.round(6).tolist(),
                "intercept": round(self.intercept, 6), "with_base": self.with_base}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> ThemeModel:
        return cls(str(data["key"]), str(data["kind"]), float(data["threshold"]),  # type: ignore[arg-type]
                   tuple(TextView.from_json(v) for v in data["views"]),  # type: ignore[union-attr]
                   numpy.asarray(data["coef"], dtype=float), float(data["intercept"]),  # type: ignore[arg-type]
                   bool(data["with_base"]))


# --- the tagger -----------------------------------------------------------------------------------------


def _cues_for(themes: Sequence[ProjectTheme], lang: str) -> dict[str, list[str]]:
    return {t.key: [c for c in t.cues.get(lang, ()) if c.strip()] for t in themes if t.cues.get(lang)}


class ProjectTagger:
    """The shipped `Tagger` plus per-theme project models, with the `Tagger` interface (tag, tag_many, version)."""

    def __init__(self, base: Tagger, themes: Sequence[ProjectTheme], models: Mapping[str, ThemeModel],
                 version: str) -> None:
        self.base = base
        self.version = version
        self.theme_keys: list[str] = [t.key for t in themes]
        self.models = dict(models)
        self.pipelines: dict[str, Language] = {lang: build_pipeline(lang, extra_cues=_cues_for(themes, lang))
                                               for lang in LANGS}

    def texts(self, texts: Sequence[str], langs: Sequence[str | None],
              base_results: Sequence[TagResult] | None = None) -> tuple[_Texts, list[Doc], list[TagResult]]:
        """Lemma texts, cue counts of the project themes and the shipped logits; the docs; the shipped results."""
        results = list(base_results) if base_results is not None else self.base.tag_many(list(texts), list(langs))
        resolved = [r.lang if r.lang in self.pipelines else LANGS[0] for r in results]
        docs: list[Doc] = [None] * len(texts)  # type: ignore[list-item]
        for lang, nlp in self.pipelines.items():
            idx = [i for i, lg in enumerate(resolved) if lg == lang]
            for i, doc in zip(idx, nlp.pipe([texts[i] for i in idx])):
                docs[i] = doc
        active, blocked = cue_counts(docs, self.theme_keys)
        base = numpy.zeros((len(texts), len(self.theme_keys)))
        for t, key in enumerate(self.theme_keys):
            if key in self.base.theme_keys and results:
                base[:, t] = _logit(numpy.asarray([r.scores[key] for r in results]))
        return _Texts([_lemma_text(d) for d in docs], active, blocked, base), docs, results

    def tag(self, text: str, lang: str | None = None) -> TagResult:
        """Tag one text (lang 'nl'/'en', or None to detect it)."""
        return self.tag_many([text], [lang])[0]

    def tag_many(self, texts: Sequence[str], langs: Sequence[str | None] | None = None,
                 batch_size: int = 256) -> list[TagResult]:
        """The shipped tagger's results, with the project themes' scores, decisions and cue evidence."""
        base_results = self.base.tag_many(texts, langs, batch_size=batch_size)
        feats, docs, _ = self.texts(list(texts), [r.lang for r in base_results], base_results)
        scores = numpy.zeros((len(texts), len(self.theme_keys)))
        chosen = numpy.zeros(scores.shape, dtype=bool)
        for t, key in enumerate(self.theme_keys):
            model = self.models[key]
            if model.kind == "shipped":
                scores[:, t] = [r.scores.get(key, 0.0) for r in base_results]
                chosen[:, t] = [key in r.themes for r in base_results]
            else:
                scores[:, t] = model.scores(feats, t)
                chosen[:, t] = scores[:, t] >= model.threshold
        out = []
        for i, result in enumerate(base_results):
            themes = [k for k, c in zip(self.theme_keys, chosen[i]) if c]
            spans = [s for s in result.spans if s.theme in themes and self.models[s.theme].kind == "shipped"]
            spans += [EvidenceSpan(h.theme, h.start_char, h.end_char, h.text) for h in cue_hits(docs[i])
                      if h.status == "cue" and h.theme in themes and self.models[h.theme].kind != "shipped"]
            evidence: dict[str, list[str]] = {}
            for span in spans:
                found = evidence.setdefault(span.theme, [])
                if span.text not in found:
                    found.append(span.text)
            out.append(TagResult(lang=result.lang, themes=themes,
                                 scores={k: float(v) for k, v in zip(self.theme_keys, scores[i])},
                                 evidence=evidence, spans=spans))
        return out


def load_project_tagger(model_dir: Path | None = None) -> Tagger | ProjectTagger:
    """A model folder as a tagger: a project model (`project_model.json`) or a `Tagger` folder (None = shipped)."""
    if model_dir is None or not (Path(model_dir) / MODEL_FILE).exists():
        return Tagger.load(model_dir)
    path = Path(model_dir).resolve()
    if path not in _CACHE:
        meta = json.loads((path / MODEL_FILE).read_text(encoding="utf8"))
        themes = [ProjectTheme(t["key"], t["cues"]) for t in meta["themes"]]
        models = {m["key"]: ThemeModel.from_json(m) for m in meta["models"]}
        base_dir = meta["base_model_dir"]
        _CACHE[path] = ProjectTagger(Tagger.load(Path(base_dir) if base_dir else None), themes, models,
                                     meta["version"])
    return _CACHE[path]


# --- training -------------------------------------------------------------------------------------------


def _fit_views(lemmas: Sequence[str], settings: LearningSettings) -> tuple[TextView, ...]:
    """The word and character views of one theme, fitted once on all its training texts (no labels involved), so
    that the k fold models and the final model share one design matrix: one transform per theme, not k + 1."""
    return (
        TextView.fit("word", lemmas, min_df=1, word_ngrams=settings.word_ngrams, char_ngrams=settings.char_ngrams),
        TextView.fit("char", lemmas, min_df=settings.char_min_df, word_ngrams=settings.word_ngrams,
                     char_ngrams=settings.char_ngrams, weight=settings.char_weight),
    )


def _design(views: Sequence[TextView], texts: _Texts, t: int, with_base: bool) -> sparse.csr_matrix:
    """The feature matrix: the views, then cue (and shipped) features of theme column t."""
    mats = [view.transform(texts.lemmas) for view in views]
    mats.append(sparse.csr_matrix(_dense(texts, t, with_base)))
    return sparse.hstack(mats).tocsr()


def _decision(x: sparse.csr_matrix, coef: numpy.ndarray, intercept: float) -> numpy.ndarray:
    """Logits of a linear model for the rows of a design matrix."""
    return numpy.asarray(x @ coef).ravel() + intercept


def _sigmoid(z: numpy.ndarray) -> numpy.ndarray:
    """Probabilities from logits."""
    return 1.0 / (1.0 + numpy.exp(-z))


def _fit_linear(x: sparse.csr_matrix, y: numpy.ndarray, weights: numpy.ndarray,
                c: float) -> tuple[numpy.ndarray, float]:
    """L2 logistic regression (liblinear) with the classes balanced by sample weight: (coef, intercept)."""
    w = weights.astype(float).copy()
    pos = y == 1
    w[pos] *= w[~pos].sum() / w[pos].sum()
    model = LogisticRegression(C=c, solver="liblinear", max_iter=1000)
    model.fit(x, y, sample_weight=w)
    return model.coef_[0].copy(), float(model.intercept_[0])


def choose_threshold(coded_scores: numpy.ndarray, coded_y: numpy.ndarray, background_scores: numpy.ndarray,
                     max_background_rate: float, tolerance: float = 0.0) -> float:
    """A probability threshold with a near-best F1 on the codings among those tagging at most `max_background_rate`
    of the background; 1.0 (never) when no threshold has a true positive.

    With `tolerance` 0 it is the best-F1 threshold (ties: the highest). Otherwise it is the median of all allowed
    thresholds whose F1 is within `tolerance` of the best: with a few dozen codings the F1 curve is jagged, and the
    middle of its plateau is a steadier choice than its highest spike.
    """
    candidates = numpy.unique(numpy.r_[coded_scores, background_scores])
    allowed: list[tuple[float, float]] = []  # (threshold, F1), from high to low
    for threshold in candidates[::-1]:
        if len(background_scores) and numpy.mean(background_scores >= threshold) > max_background_rate:
            break
        said = coded_scores >= threshold
        tp = float(numpy.sum(said & (coded_y == 1)))
        allowed.append((float(threshold), 2 * tp / (float(said.sum()) + float(numpy.sum(coded_y == 1)))))
    best_f1 = max((f1 for _, f1 in allowed), default=0.0)
    if best_f1 <= 0.0:
        return 1.0
    if tolerance <= 0.0:
        return next(threshold for threshold, f1 in allowed if f1 >= best_f1 - 1e-9)
    return float(numpy.median([threshold for threshold, f1 in allowed if f1 >= best_f1 - tolerance]))


def _background(settings: LearningSettings) -> list[tuple[str, str, frozenset[str]]]:
    """A deterministic sample of corpus training passages (never held-out ones): (lang, text, corpus labels)."""
    train, _ = split_corpus(settings.corpus_dir)
    chosen = sorted(train, key=lambda p: _hash(settings.seed, p.id))[: settings.background_size]
    return [(p.lang, p.text, frozenset(p.labels)) for p in chosen]


def _auc(y: numpy.ndarray, scores: numpy.ndarray) -> float | None:
    return float(roc_auc_score(y, scores)) if 0 < y.sum() < len(y) else None


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

    Per theme with enough codings: k text models (k = min(folds, coded passages)) give out-of-fold scores for the
    codings and the background; fold f's decisions use a threshold chosen on the other folds' out-of-fold scores;
    the final model is fitted on everything with the threshold chosen on all out-of-fold scores.
    """
    started = time.perf_counter()
    report = progress or (lambda _f, _p: None)
    k = fold_count(len(coded), settings.folds)
    if k < 2:
        raise ValueError("at least two coded passages are needed to train a project model")
    keys = [t.key for t in themes]
    report(0.0, "prepare")
    base = Tagger.load(settings.base_model_dir)
    tagger = ProjectTagger(base, themes, {}, version)
    background = _background(settings)
    all_texts, _, shipped = tagger.texts([c.text for c in coded] + [text for _, text, _ in background],
                                         [c.lang for c in coded] + [lang for lang, _, _ in background])
    n_coded, n_bg = len(coded), len(background)
    coded_folds = numpy.asarray(_project_folds(coded, k, settings.seed))
    bg_folds = numpy.asarray([i % k for i in range(n_bg)])
    folds = numpy.r_[coded_folds, bg_folds]

    models: dict[str, ThemeModel] = {}
    notes: dict[str, dict[str, object]] = {}
    decisions: dict[int, dict[str, bool]] = {c.id: {} for c in coded}
    base_decisions = shipped[: len(coded)]
    cue_model = {key: ThemeModel(key, "cue", CUE_ONLY_THRESHOLD) for key in keys}
    for t, key in enumerate(keys):
        report(t / max(len(keys), 1), "train")
        builtin = key in base.theme_keys
        labelled = numpy.asarray([key in c.labels for c in coded])
        y_coded = numpy.asarray([int(c.labels.get(key, False)) for c in coded])
        n_pos, n_neg = int(y_coded[labelled].sum()), int((1 - y_coded[labelled]).sum())
        enough = n_pos >= settings.min_per_class and (n_neg >= settings.min_per_class or not builtin)
        note: dict[str, object] = {"positives": n_pos, "negatives": n_neg}
        if not enough:
            models[key] = ThemeModel(key, "shipped", 0.5) if builtin else cue_model[key]
            note.update(kind=models[key].kind, reason="too_few_codings")
        else:
            # rows: labelled codings, then (user-defined themes only) the background as weak negatives
            rows = [i for i in range(n_coded) if labelled[i]] + ([] if builtin else list(range(n_coded, n_coded + n_bg)))
            y = numpy.r_[y_coded, numpy.zeros(n_bg, dtype=int)][rows]
            w = numpy.where(numpy.asarray(rows) < n_coded, 1.0, settings.background_weight)
            is_coded = numpy.asarray(rows) < n_coded
            fold_of = folds[rows]
            texts = all_texts.rows(rows)
            views = _fit_views(texts.lemmas, settings)
            x = _design(views, texts, t, builtin)
            oof = numpy.zeros(len(rows))
            for f in range(k):
                train_ix = numpy.flatnonzero(fold_of != f)
                test_ix = numpy.flatnonzero(fold_of == f)
                if len(test_ix) == 0 or len(set(y[train_ix].tolist())) < 2:
                    continue
                coef, intercept = _fit_linear(x[train_ix], y[train_ix], w[train_ix], settings.c)
                oof[test_ix] = _sigmoid(_decision(x[test_ix], coef, intercept))
            # background for the firing cap: the corpus sample scored out-of-fold (user themes) or by the final
            # model (built-in themes, whose background is not in training)
            auc = _auc(y[is_coded], oof[is_coded]) or _auc(y, oof)
            note.update(oof_auc=None if auc is None else round(auc, 3))
            if auc is None or auc < settings.min_auc:
                models[key] = ThemeModel(key, "shipped", 0.5) if builtin else cue_model[key]
                note.update(kind=models[key].kind, reason="not_separable")
            else:
                coef, intercept = _fit_linear(x, y, w, settings.c)
                final = ThemeModel(key, "text", 0.5, views, coef, intercept, builtin)
                bg_rows = list(range(n_coded, n_coded + n_bg))
                bg_scores = oof[~is_coded] if not builtin else final.scores(all_texts.rows(bg_rows), t)
                bg_fold_of = fold_of[~is_coded] if not builtin else bg_folds
                # a built-in theme may fire as often as the corpus says it occurs (x 1.5)
                cap = settings.max_background_rate if not builtin else max(
                    settings.max_background_rate, 1.5 * sum(key in labels for _, _, labels in background) / max(n_bg, 1))
                threshold = choose_threshold(oof[is_coded], y[is_coded], bg_scores, cap, settings.threshold_tolerance)
                models[key] = ThemeModel(key, "text", threshold, final.views, final.coef, final.intercept, builtin)
                note.update(kind="text", threshold=round(threshold, 4),
                            background_rate=round(float(numpy.mean(bg_scores >= threshold)), 4))
                coded_rows = numpy.asarray(rows)[is_coded]
                for f in range(k):
                    here, there = fold_of[is_coded] == f, fold_of[is_coded] != f
                    f_threshold = choose_threshold(oof[is_coded][there], y[is_coded][there],
                                                   bg_scores[bg_fold_of != f], cap, settings.threshold_tolerance)
                    for i, score in zip(coded_rows[here], oof[is_coded][here]):
                        decisions[coded[i].id][key] = bool(score >= f_threshold)
        notes[key] = note
        if models[key].kind == "shipped":
            for c, result in zip(coded, base_decisions):
                decisions[c.id][key] = key in result.themes
        elif models[key].kind == "cue":
            said = models[key].scores(all_texts.rows(range(n_coded)), t) >= CUE_ONLY_THRESHOLD
            for c, s in zip(coded, said):
                decisions[c.id][key] = bool(s)
        # a text model's unlabelled codings (coded for other themes only) get the final model's decision
        rest = [i for i, c in enumerate(coded) if key not in decisions[c.id]]
        if rest:
            said = models[key].scores(all_texts.rows(rest), t) >= models[key].threshold
            for i, s in zip(rest, said):
                decisions[coded[i].id][key] = bool(s)

    report(1.0, "save")
    out_dir = Path(out_dir)
    tmp = out_dir.with_name(out_dir.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    settings_json = asdict(settings)
    settings_json.update(corpus_dir=str(settings.corpus_dir), base_model_dir=str(settings.base_model_dir))
    meta = {
        "version": version,
        "base_model_dir": None if Path(settings.base_model_dir).resolve() == DEFAULT_MODEL_DIR.resolve()
        else str(Path(settings.base_model_dir).resolve()),
        "base_version": base.version,
        "themes": [{"key": t.key, "cues": {lang: list(c) for lang, c in t.cues.items()}} for t in themes],
        "coded_passages": len(coded),
        "background_passages": n_bg,
        "folds": k,
        "settings": settings_json,
        "notes": notes,
        "models": [models[key].to_json() for key in keys],
    }
    (tmp / MODEL_FILE).write_text(json.dumps(meta), encoding="utf8")
    learning = {"decisions": {str(pid): d for pid, d in decisions.items()}}
    (tmp / LEARNING_FILE).write_text(json.dumps(learning), encoding="utf8")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    tmp.rename(out_dir)
    _CACHE.pop(out_dir.resolve(), None)
    return ProjectModel(version, out_dir, tuple(keys), decisions, time.perf_counter() - started, notes)


def model_decisions(model_dir: Path | None, coded: Sequence[CodedText]) -> dict[int, dict[str, bool]]:
    """A model's out-of-sample decisions on coded passages.

    Passages the model was trained on get the out-of-fold decisions stored in its `learning.json`; all others
    (and every passage, for the shipped model, which never saw project data) are tagged by the model itself.
    """
    tagger = load_project_tagger(model_dir)
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
