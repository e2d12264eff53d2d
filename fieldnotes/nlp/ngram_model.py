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
from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, LOWER
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc
from spacy.util import minibatch

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
    """Per-theme logits of the n-gram model for batches of docs.

    Fast path of the same features as training: token attributes are read once per doc as hash arrays, lemma
    unigrams/bigrams and each word form's character n-grams are mapped to vocabulary indices through caches keyed by
    those hashes, and weighting, normalisation and the dot products run once per batch in numpy.
    """

    def __init__(self, weights: NgramWeights, *, cache_size: int = 200_000) -> None:
        self.weights = weights
        self.cache_size = cache_size
        self._n_lemma = len(weights.lemma_vocab)
        self._n_char = len(weights.char_vocab)
        self._lemma_coef = weights.coef[:, : self._n_lemma]
        self._char_coef = weights.coef[:, self._n_lemma :]
        self._unigrams: dict[int, int] = {}  # lemma hash -> index, -1 if not in the vocabulary
        self._bigrams: dict[tuple[int, int], int] = {}
        self._words: dict[int, numpy.ndarray] = {}  # LOWER hash -> character n-gram indices

    def _char_indices(self, lower: int, strings: StringStore) -> numpy.ndarray:
        """Character n-gram indices of a word form (by its LOWER hash), computed once and cached."""
        vocab = self.weights.char_vocab
        found = numpy.asarray(
            [vocab[g] for g in char_ngrams(strings[lower], self.weights.char_range) if g in vocab], dtype="int64")
        if len(self._words) < self.cache_size:
            self._words[lower] = found
        return found

    def _lemma_index(self, key: int | tuple[int, int], strings: StringStore) -> int:
        """Vocabulary index of a lemma (hash) or lemma bigram (pair of hashes), -1 if unknown; cached."""
        text = strings[key] if isinstance(key, int) else f"{strings[key[0]]} {strings[key[1]]}"
        index = self.weights.lemma_vocab.get(text, -1)
        cache = self._unigrams if isinstance(key, int) else self._bigrams
        if len(cache) < self.cache_size:
            cache[key] = index  # type: ignore[index]
        return index

    def _doc_features(self, doc: Doc) -> tuple[list[int], numpy.ndarray]:
        """(distinct lemma-block indices, character-block indices with repeats) of one doc."""
        strings = doc.vocab.strings
        words, unigrams, bigrams = self._words, self._unigrams, self._bigrams
        lemmas: list[int] = []
        chars: list[numpy.ndarray] = []
        for lower, lemma, space, punct in doc.to_array([LOWER, LEMMA, IS_SPACE, IS_PUNCT]).tolist():
            if space:
                continue
            lemmas.append(lemma or lower)
            if not punct:
                found = words.get(lower)
                chars.append(found if found is not None else self._char_indices(lower, strings))
        indices = {unigrams.get(h) if h in unigrams else self._lemma_index(h, strings) for h in lemmas}
        indices.update(
            bigrams.get(pair) if pair in bigrams else self._lemma_index(pair, strings)
            for pair in pairwise(lemmas)
        )
        indices.discard(-1)
        return list(indices), (numpy.concatenate(chars) if chars else numpy.zeros(0, dtype="int64"))

    def logits_batch(self, docs: Sequence[Doc]) -> numpy.ndarray:
        """Logits (docs, themes): lemma block (binary, unit norm) + character block (sublinear TF-IDF, unit norm)."""
        n = len(docs)
        z = numpy.tile(self.weights.intercept, (n, 1))
        if not n:
            return z
        feats = [self._doc_features(doc) for doc in docs]
        lemma_rows = numpy.repeat(numpy.arange(n), [len(f[0]) for f in feats])
        lemma_cols = numpy.fromiter((i for f in feats for i in f[0]), dtype="int64", count=len(lemma_rows))
        if len(lemma_cols):
            scale = 1.0 / numpy.sqrt(numpy.maximum(numpy.bincount(lemma_rows, minlength=n), 1))
            contrib = self._lemma_coef[:, lemma_cols] * scale[lemma_rows]
            for t in range(z.shape[1]):
                z[:, t] += numpy.bincount(lemma_rows, contrib[t], minlength=n)
        char_rows = numpy.repeat(numpy.arange(n), [len(f[1]) for f in feats])
        if len(char_rows):
            keys, counts = numpy.unique(char_rows * self._n_char + numpy.concatenate([f[1] for f in feats]),
                                        return_counts=True)
            rows, cols = keys // self._n_char, keys % self._n_char
            values = (1.0 + numpy.log(counts)) * self.weights.char_idf[cols]
            values /= numpy.sqrt(numpy.bincount(rows, values * values, minlength=n))[rows]
            contrib = self._char_coef[:, cols] * values
            for t in range(z.shape[1]):
                z[:, t] += numpy.bincount(rows, contrib[t], minlength=n)
        return z

    def logits(self, doc: Doc) -> numpy.ndarray:
        """Logits (themes,) of one doc."""
        return self.logits_batch([doc])[0]


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

    def set_weights(self, weights: NgramWeights) -> None:
        self.scorer = NgramScorer(weights, cache_size=self.cache_size)

    def __call__(self, doc: Doc) -> Doc:
        if self.scorer is not None:
            doc._.set(LOGITS_ATTR, self.scorer.logits(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Score docs batch by batch (the numpy work runs once per batch)."""
        for batch in minibatch(docs, size=batch_size):
            if self.scorer is not None:
                for doc, row in zip(batch, self.scorer.logits_batch(batch), strict=True):
                    doc._.set(LOGITS_ATTR, row)
            yield from batch

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
