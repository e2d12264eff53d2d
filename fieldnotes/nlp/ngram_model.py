"""A second classifier for the stacker: lemma n-grams plus character n-grams of the words, one logistic regression
per theme.

Why: the lemma BOW textcat treats every word form as unrelated to every other, so "personeelstekort",
"personeelsgebrek" and "onderbezetting" share nothing, and Dutch compounds are mostly unseen at test time.
Character 3-5-grams inside words (IDF-weighted) share the parts ("personeel", "tekort", "wacht"), which helps
most on text by other writers. Measured with plain logistic regressions on the training part (docs/nlp.md):
lemma n-grams alone 0.71 macro-F1 on the held-out split, lemma + character n-grams 0.78.

The character block weights every occurrence by its IDF and divides by sqrt(sum of IDF^2 over the occurrences),
which is the L2 norm whenever no n-gram repeats. Unlike sublinear TF with an exact L2 norm, this makes a passage's
character logit a sum of per-word parts: each word form's weighted sum (per theme) and squared IDF mass are
computed once and cached, so prediction needs no per-passage counting. Same held-out quality (docs/nlp.md).

Training uses scikit-learn (`fit_ngram_model`); prediction is numpy only, so it adds little time per passage and
sklearn is never imported by the tagger.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, LOWER
from spacy.language import Language
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc
from spacy.util import minibatch

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix, spmatrix

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


_PAIR_MULTIPLIER = numpy.uint64(0x9E3779B97F4A7C15)
_MASK64 = (1 << 64) - 1


def pair_key(first: int, second: int) -> int:
    """64-bit key of a lemma bigram from its two lemma hashes (the same as `_pair_keys` on arrays)."""
    return (first * int(_PAIR_MULTIPLIER) + second) & _MASK64


def _pair_keys(first: numpy.ndarray, second: numpy.ndarray) -> numpy.ndarray:
    """Vectorised `pair_key` (uint64 arithmetic wraps around, like the mask)."""
    with numpy.errstate(over="ignore"):
        return first * _PAIR_MULTIPLIER + second


class _SortedTable:
    """A uint64 -> int64 lookup table as two sorted arrays, looked up for whole arrays at once."""

    def __init__(self, keys: numpy.ndarray, values: numpy.ndarray) -> None:
        order = numpy.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.values = values[order]

    def lookup(self, keys: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
        """(found mask, values of the found keys)."""
        if not len(self.keys):
            return numpy.zeros(len(keys), dtype=bool), numpy.zeros(0, dtype="int64")
        pos = numpy.minimum(numpy.searchsorted(self.keys, keys), len(self.keys) - 1)
        found = self.keys[pos] == keys
        return found, self.values[pos[found]]


def _string(key: int, stores: Sequence[StringStore]) -> str:
    """The string of a hash from the first string store that has it."""
    for strings in stores[:-1]:
        if key in strings:
            return strings[key]
    return stores[-1][key]


def _row_runs(rows: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(start index, length) of each run of equal values in a sorted array (one run per doc with features)."""
    starts = numpy.flatnonzero(numpy.concatenate([[True], rows[1:] != rows[:-1]]))
    return starts, numpy.diff(numpy.append(starts, len(rows)))


class NgramScorer:
    """Per-theme logits of the n-gram model for batches of docs.

    Vectorised per batch: token attributes of all docs are read into one array; lemma unigrams and bigrams are
    looked up as 64-bit keys (spaCy's string ids; a bigram combines its two) in a sorted table built from the
    vocabulary at load time; each word form's character part (its IDF-weighted theme sums and its squared IDF
    mass) is computed once in Python and cached by LOWER hash. Normalisation and the sums then run once per batch.
    """

    def __init__(self, weights: NgramWeights, *, cache_size: int = 200_000) -> None:
        self.weights = weights
        self.cache_size = cache_size
        self._n_lemma = len(weights.lemma_vocab)
        # (column, theme) layouts: a batch gathers whole rows of theme weights per feature
        self._lemma_coef_t = numpy.ascontiguousarray(weights.coef[:, : self._n_lemma].T)
        self._char_coef_idf_t = numpy.ascontiguousarray((weights.coef[:, self._n_lemma :] * weights.char_idf).T)
        keys: list[int] = []
        for gram in weights.lemma_vocab:
            first, _, second = gram.partition(" ")
            keys.append(pair_key(get_string_id(first), get_string_id(second)) if second else get_string_id(gram))
        self._lemmas = _SortedTable(
            numpy.asarray(keys, dtype="uint64"), numpy.fromiter(weights.lemma_vocab.values(), dtype="int64")
        )
        self._reset_words()

    def _reset_words(self) -> None:
        """Empty the word cache: LOWER hash -> slot; per slot its theme sums and squared IDF mass."""
        self._words = _SortedTable(numpy.zeros(0, dtype="uint64"), numpy.zeros(0, dtype="int64"))
        self._word_sums = numpy.zeros((0, len(self.weights.themes)))
        self._word_mass = numpy.zeros(0)

    def _add_words(self, lowers: numpy.ndarray, stores: Sequence[StringStore]) -> None:
        """Compute and cache the character parts of these (distinct, uncached) word forms."""
        vocab, char_range, idf = self.weights.char_vocab, self.weights.char_range, self.weights.char_idf
        found = [
            [vocab[g] for g in char_ngrams(_string(h, stores), char_range) if g in vocab] for h in lowers.tolist()
        ]
        lengths = numpy.fromiter(map(len, found), dtype="int64", count=len(found))
        columns = numpy.fromiter((i for f in found for i in f), dtype="int64", count=int(lengths.sum()))
        starts = numpy.cumsum(lengths) - lengths
        sums = numpy.zeros((len(found), len(self.weights.themes)))
        mass = numpy.zeros(len(found))
        has = lengths > 0
        if has.any():
            sums[has] = numpy.add.reduceat(self._char_coef_idf_t[columns], starts[has])
            mass[has] = numpy.add.reduceat(idf[columns] ** 2, starts[has])
        first_slot = len(self._word_mass)
        self._word_sums = numpy.concatenate([self._word_sums, sums])
        self._word_mass = numpy.concatenate([self._word_mass, mass])
        self._words = _SortedTable(
            numpy.concatenate([self._words.keys, lowers]),
            numpy.concatenate([self._words.values, numpy.arange(first_slot, first_slot + len(lowers))]),
        )

    def _word_slots(self, lowers: numpy.ndarray, stores: Sequence[StringStore]) -> numpy.ndarray:
        """Cache slots of these word forms (LOWER hashes), adding the ones not cached yet."""
        found, slots = self._words.lookup(lowers)
        if not found.all():
            missing = numpy.unique(lowers[~found])
            if len(self._words.keys) + len(missing) > self.cache_size:
                self._reset_words()
                missing = numpy.unique(lowers)
            self._add_words(missing, stores)
            found, slots = self._words.lookup(lowers)
        return slots

    def _lemma_features(self, keys: numpy.ndarray, rows: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
        """(row, lemma-block column) of every lemma unigram and bigram in the vocabulary (repeats included)."""
        same_doc = rows[1:] == rows[:-1]
        grams = numpy.concatenate([keys, _pair_keys(keys[:-1], keys[1:])[same_doc]])
        gram_rows = numpy.concatenate([rows, rows[1:][same_doc]])
        found, cols = self._lemmas.lookup(grams)
        return gram_rows[found], cols

    def logits_batch(self, docs: Sequence[Doc]) -> numpy.ndarray:
        """Logits (docs, themes): lemma block (binary, unit norm) + character block (see the module docstring)."""
        n = len(docs)
        z = numpy.tile(self.weights.intercept, (n, 1))
        arrays = [doc.to_array([LOWER, LEMMA, IS_SPACE, IS_PUNCT]) for doc in docs if len(doc)]
        if not arrays:
            return z
        tokens = numpy.concatenate(arrays)
        token_rows = numpy.repeat(numpy.arange(n), [len(doc) for doc in docs])
        lower, lemma = tokens[:, 0], tokens[:, 1]
        not_space = tokens[:, 2] == 0
        word = not_space & (tokens[:, 3] == 0)
        rows, cols = self._lemma_features(numpy.where(lemma != 0, lemma, lower)[not_space], token_rows[not_space])
        if len(cols):
            # distinct (doc, gram) pairs, sorted by doc: binary features scaled to unit norm
            keys = numpy.unique(rows * self._n_lemma + cols)
            rows, cols = keys // self._n_lemma, keys % self._n_lemma
            starts, per_row = _row_runs(rows)
            z[rows[starts]] += numpy.add.reduceat(self._lemma_coef_t[cols], starts) / numpy.sqrt(per_row)[:, None]
        rows = token_rows[word]
        if len(rows):
            # the docs of one batch may come from pipelines with different vocabularies (training mixes languages)
            stores = list({id(doc.vocab): doc.vocab.strings for doc in docs}.values())
            slots = self._word_slots(lower[word], stores)
            starts, _ = _row_runs(rows)
            mass = numpy.add.reduceat(self._word_mass[slots], starts)
            sums = numpy.add.reduceat(self._word_sums[slots], starts)
            scored = mass > 0
            z[rows[starts][scored]] += sums[scored] / numpy.sqrt(mass[scored])[:, None]
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


def occurrence_normalised(weighted_counts: spmatrix, idf: numpy.ndarray) -> csr_matrix:
    """Rows of count x IDF divided by sqrt(sum over occurrences of IDF^2) (the character block; zero rows stay 0)."""
    from scipy.sparse import csr_matrix, diags  # training only

    mass = numpy.asarray(weighted_counts @ idf).ravel()
    scale = numpy.divide(1.0, numpy.sqrt(mass), out=numpy.zeros_like(mass), where=mass > 0)
    return csr_matrix(diags(scale) @ weighted_counts)


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
    char_vec = TfidfVectorizer(analyzer=_analyzer(char_feats), min_df=settings.char_min_df, norm=None)
    char_block = char_vec.fit_transform(rows)
    x = hstack([lemma_vec.fit_transform(rows), occurrence_normalised(char_block, char_vec.idf_)]).tocsr()
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
