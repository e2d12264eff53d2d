"""A second classifier for the stacker: lemma n-grams plus character n-grams of the words, one logistic regression
per theme.

Why: the lemma BOW textcat treats every word form as unrelated to every other, so "personeelstekort",
"personeelsgebrek" and "onderbezetting" share nothing, and Dutch compounds are mostly unseen at test time.
Character 3-5-grams inside words (TF-IDF, sublinear tf) share the parts ("personeel", "tekort", "wacht"), which
helps most on text by other writers. Measured with plain logistic regressions on the training part (docs/nlp.md):
lemma n-grams alone 0.71 macro-F1 on the held-out split, lemma + character n-grams 0.78.

Training uses scikit-learn (`fit_ngram_model`); prediction is numpy only, with the character n-grams of each word
form cached as vocabulary indices, so it adds little time per passage and sklearn is never imported by the tagger.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc

LOGITS_ATTR = "fieldnotes_ngram_logits"
if not Doc.has_extension(LOGITS_ATTR):
    Doc.set_extension(LOGITS_ATTR, default=None)

DEFAULT_CHAR_RANGE: tuple[int, int] = (3, 5)


def _words(doc: Doc) -> list[str]:
    """Lower-cased word forms (no spaces, no punctuation)."""
    return [t.lower_ for t in doc if not (t.is_space or t.is_punct)]


def lemma_ngrams(doc: Doc) -> set[str]:
    """Distinct lemma unigrams and bigrams (the lemmatizer lower-cases), spaces excluded."""
    lemmas = [t.lemma_ or t.lower_ for t in doc if not t.is_space]
    grams = set(lemmas)
    grams.update(f"{a} {b}" for a, b in pairwise(lemmas))
    return grams


def char_ngrams(word: str, char_range: tuple[int, int]) -> list[str]:
    """Character n-grams of one word padded with spaces (like scikit-learn's `char_wb`)."""
    padded = f" {word} "
    low, high = char_range
    return [padded[i : i + n] for n in range(low, high + 1) for i in range(max(1, len(padded) - n + 1))]


@dataclass
class NgramWeights:
    """Vocabularies, IDF and per-theme logistic weights; columns: lemma block, then character block."""

    themes: tuple[str, ...]
    char_range: tuple[int, int]
    lemma_vocab: dict[str, int]
    char_vocab: dict[str, int]
    char_idf: numpy.ndarray  # (n_char,)
    coef: numpy.ndarray  # (themes, n_lemma + n_char)
    intercept: numpy.ndarray  # (themes,)

    def to_disk(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        meta = {
            "themes": list(self.themes),
            "char_range": list(self.char_range),
            "lemma_vocab": sorted(self.lemma_vocab, key=self.lemma_vocab.__getitem__),
            "char_vocab": sorted(self.char_vocab, key=self.char_vocab.__getitem__),
        }
        (path / "vocab.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf8")
        numpy.savez_compressed(
            path / "weights.npz", char_idf=self.char_idf.astype("float32"), coef=self.coef.astype("float32"),
            intercept=self.intercept.astype("float32"),
        )

    @classmethod
    def from_disk(cls, path: Path) -> NgramWeights:
        meta = json.loads((path / "vocab.json").read_text(encoding="utf8"))
        arrays = numpy.load(path / "weights.npz")
        return cls(
            themes=tuple(meta["themes"]),
            char_range=(int(meta["char_range"][0]), int(meta["char_range"][1])),
            lemma_vocab={g: i for i, g in enumerate(meta["lemma_vocab"])},
            char_vocab={g: i for i, g in enumerate(meta["char_vocab"])},
            char_idf=arrays["char_idf"].astype("float64"),
            coef=arrays["coef"].astype("float64"),
            intercept=arrays["intercept"].astype("float64"),
        )


class NgramScorer:
    """Per-theme logits of the n-gram model for docs; caches each word form's character n-gram indices."""

    def __init__(self, weights: NgramWeights, *, cache_size: int = 200_000) -> None:
        self.weights = weights
        self.cache_size = cache_size
        self._word_cache: dict[str, numpy.ndarray] = {}
        self._lemma_coef = weights.coef[:, : len(weights.lemma_vocab)]
        self._char_coef = weights.coef[:, len(weights.lemma_vocab) :]

    def _char_indices(self, word: str) -> numpy.ndarray:
        cached = self._word_cache.get(word)
        if cached is None:
            vocab = self.weights.char_vocab
            found = [vocab[g] for g in char_ngrams(word, self.weights.char_range) if g in vocab]
            cached = numpy.asarray(found, dtype="int64")
            if len(self._word_cache) < self.cache_size:
                self._word_cache[word] = cached
        return cached

    def logits(self, doc: Doc) -> numpy.ndarray:
        """Logits (themes,) for one doc: lemma block (binary, unit norm) + character block (sublinear TF-IDF, unit
        norm), as in training."""
        w = self.weights
        z = w.intercept.copy()
        lemma_idx = [w.lemma_vocab[g] for g in lemma_ngrams(doc) if g in w.lemma_vocab]
        if lemma_idx:
            z += self._lemma_coef[:, lemma_idx].sum(axis=1) / numpy.sqrt(len(lemma_idx))
        parts = [self._char_indices(word) for word in _words(doc)]
        if parts:
            idx, counts = numpy.unique(numpy.concatenate(parts), return_counts=True)
            if len(idx):
                values = (1.0 + numpy.log(counts)) * w.char_idf[idx]
                values /= numpy.sqrt(values @ values)
                z += self._char_coef[:, idx] @ values
        return z


@dataclass(frozen=True)
class NgramSettings:
    """Training settings of the n-gram model (chosen by cross-validation on the training part, docs/nlp.md)."""

    char_range: tuple[int, int] = DEFAULT_CHAR_RANGE
    char_min_df: int = 2
    c: float = 10.0


def _analyzer(docs_features: Sequence[Sequence[str]]) -> Callable[[int], Sequence[str]]:
    return lambda i: docs_features[i]


def fit_ngram_model(
    docs: Sequence[Doc], y: numpy.ndarray, themes: Sequence[str], *, settings: NgramSettings = NgramSettings()
) -> NgramWeights:
    """Fit vocabularies, IDF and one class-balanced logistic regression per theme (liblinear) on these docs."""
    from scipy.sparse import hstack  # training only
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    lemma_feats = [sorted(lemma_ngrams(doc)) for doc in docs]
    char_feats = [[g for word in _words(doc) for g in char_ngrams(word, settings.char_range)] for doc in docs]
    rows = list(range(len(docs)))
    lemma_vec = TfidfVectorizer(analyzer=_analyzer(lemma_feats), binary=True, use_idf=False, norm="l2")
    char_vec = TfidfVectorizer(
        analyzer=_analyzer(char_feats), sublinear_tf=True, min_df=settings.char_min_df, norm="l2"
    )
    x = hstack([lemma_vec.fit_transform(rows), char_vec.fit_transform(rows)]).tocsr()
    coef = numpy.zeros((len(themes), x.shape[1]))
    intercept = numpy.zeros(len(themes))
    for t in range(len(themes)):
        if y[:, t].min() == y[:, t].max():
            intercept[t] = 10.0 if y[0, t] else -10.0
            continue
        model = LogisticRegression(C=settings.c, solver="liblinear", class_weight="balanced")
        model.fit(x, y[:, t])
        coef[t], intercept[t] = model.coef_[0], model.intercept_[0]
    return NgramWeights(
        themes=tuple(themes),
        char_range=settings.char_range,
        lemma_vocab={str(k): int(v) for k, v in lemma_vec.vocabulary_.items()},
        char_vocab={str(k): int(v) for k, v in char_vec.vocabulary_.items()},
        char_idf=numpy.asarray(char_vec.idf_, dtype="float64"),
        coef=coef,
        intercept=intercept,
    )


class NgramClassifier:
    """spaCy component: sets `doc._.fieldnotes_ngram_logits` (themes,) when weights are loaded, else leaves None."""

    def __init__(self, name: str, *, cache_size: int) -> None:
        self.name = name
        self.cache_size = cache_size
        self.scorer: NgramScorer | None = None

    @property
    def themes(self) -> tuple[str, ...]:
        return self.scorer.weights.themes if self.scorer else ()

    def set_weights(self, weights: NgramWeights) -> None:
        self.scorer = NgramScorer(weights, cache_size=self.cache_size)

    def __call__(self, doc: Doc) -> Doc:
        if self.scorer is not None:
            doc._.set(LOGITS_ATTR, self.scorer.logits(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        if self.scorer is not None:
            self.scorer.weights.to_disk(Path(path))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> NgramClassifier:
        if (Path(path) / "vocab.json").exists():
            self.set_weights(NgramWeights.from_disk(Path(path)))
        return self


@Language.factory("fieldnotes_ngram_classifier", default_config={"cache_size": 200_000})
def make_ngram_classifier(nlp: Language, name: str, *, cache_size: int) -> NgramClassifier:
    """Factory: the n-gram classifier; its weights come from training (`fit_ngram_model`) or from disk."""
    return NgramClassifier(name, cache_size=cache_size)
