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

import hashlib
import json
import threading
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

from fieldnotes.nlp.hashtable import UInt64Table
from fieldnotes.nlp.token_columns import columns

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix, spmatrix

LOGITS_ATTR = "fieldnotes_ngram_logits"
if not Doc.has_extension(LOGITS_ATTR):
    Doc.set_extension(LOGITS_ATTR, default=None)
# where spaCy's Underscore keeps doc._.fieldnotes_ngram_logits in doc.user_data; written and read directly on the hot
# path because `doc._` builds a new Underscore object on every access
_LOGITS_KEY = ("._.", LOGITS_ATTR, None, None)


def ngram_logits(doc: Doc) -> numpy.ndarray | None:
    """The logits the n-gram classifier set on a doc (None when it did not run or has no weights)."""
    return doc.user_data.get(_LOGITS_KEY)

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
    stored_lemma_keys: numpy.ndarray | None = None  # `lemma_keys()` as saved with the weights (faster loading)

    def lemma_keys(self) -> numpy.ndarray:
        """The 64-bit lookup key of every lemma-block column, in column order (see `NgramScorer`)."""
        if self.stored_lemma_keys is not None:
            return self.stored_lemma_keys
        keys = numpy.zeros(len(self.lemma_vocab), dtype="uint64")
        for gram, column in self.lemma_vocab.items():
            first, _, second = gram.partition(" ")
            keys[column] = pair_key(get_string_id(first), get_string_id(second)) if second else get_string_id(gram)
        return keys

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
            intercept=self.intercept.astype("float32"), lemma_keys=self.lemma_keys(),
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
            stored_lemma_keys=arrays["lemma_keys"] if "lemma_keys" in arrays.files else None,
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
    looked up as 64-bit keys (spaCy's string ids; a bigram combines its two) in a hash table (`hashtable.py`) built
    from the vocabulary at load time; each word form's character part (its IDF-weighted theme sums and its squared IDF
    mass) is computed once in Python and cached by LOWER hash. Normalisation and the sums then run once per batch.
    """

    def __init__(self, weights: NgramWeights, *, cache_size: int = 200_000) -> None:
        self.weights = weights
        self.cache_size = cache_size
        self._lock = threading.Lock()  # the word cache grows while tagging; pipelines may run in several threads
        self._n_lemma = len(weights.lemma_vocab)
        # (column, theme) layouts: a batch gathers whole rows of theme weights per feature
        self._lemma_coef_t = numpy.ascontiguousarray(weights.coef[:, : self._n_lemma].T)
        self._char_coef_idf_t = numpy.ascontiguousarray((weights.coef[:, self._n_lemma :] * weights.char_idf).T)
        keys = weights.lemma_keys()
        self._lemmas = UInt64Table(keys, numpy.arange(len(keys)))
        self._reset_words()

    def _reset_words(self) -> None:
        """Empty the word cache: LOWER hash -> slot; per slot its theme sums and squared IDF mass."""
        self._words = UInt64Table()
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
        self._words.insert(lowers, numpy.arange(first_slot, first_slot + len(lowers)))

    def _word_parts(self, lowers: numpy.ndarray, stores: Sequence[StringStore]) -> tuple[numpy.ndarray, numpy.ndarray]:
        """(theme sums, squared IDF mass) of each of these word forms (LOWER hashes), caching new forms."""
        with self._lock:
            found, slots = self._words.lookup(lowers)
            if not found.all():
                missing = numpy.unique(lowers[~found])
                if len(self._words) + len(missing) > self.cache_size:
                    self._reset_words()
                    missing = numpy.unique(lowers)
                self._add_words(missing, stores)
                found, slots = self._words.lookup(lowers)
            return self._word_sums[slots], self._word_mass[slots]

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
        per_doc = [columns(doc, [LOWER, LEMMA, IS_SPACE, IS_PUNCT]) for doc in docs if len(doc)]
        if not per_doc:
            return z
        lower, lemma, is_space, is_punct = (numpy.concatenate(column) for column in zip(*per_doc))
        token_rows = numpy.repeat(numpy.arange(n), [len(doc) for doc in docs])
        not_space = is_space == 0
        word = not_space & (is_punct == 0)
        rows, cols = self._lemma_features(numpy.where(lemma != 0, lemma, lower)[not_space], token_rows[not_space])
        if len(cols):
            # distinct (doc, gram) pairs, sorted by doc: binary features scaled to unit norm
            keys = numpy.sort(rows * self._n_lemma + cols)  # sort + neighbour test: faster than numpy.unique here
            keys = keys[numpy.concatenate(([True], keys[1:] != keys[:-1]))]
            rows, cols = keys // self._n_lemma, keys % self._n_lemma
            starts, per_row = _row_runs(rows)
            z[rows[starts]] += numpy.add.reduceat(self._lemma_coef_t[cols], starts) / numpy.sqrt(per_row)[:, None]
        rows = token_rows[word]
        if len(rows):
            # the docs of one batch may come from pipelines with different vocabularies (training mixes languages)
            stores = list({id(doc.vocab): doc.vocab.strings for doc in docs}.values())
            word_sums, word_mass = self._word_parts(lower[word], stores)
            starts, _ = _row_runs(rows)
            mass = numpy.add.reduceat(word_mass, starts)
            sums = numpy.add.reduceat(word_sums, starts)
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
            doc.user_data[_LOGITS_KEY] = self.scorer.logits(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Score docs batch by batch (the numpy work runs once per batch)."""
        for batch in minibatch(docs, size=batch_size):
            if self.scorer is not None:
                for doc, row in zip(batch, self.scorer.logits_batch(batch), strict=True):
                    doc.user_data[_LOGITS_KEY] = row
            yield from batch

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        if self.scorer is not None:
            self.scorer.weights.to_disk(Path(path))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> NgramClassifier:
        if (Path(path) / "vocab.json").exists():
            self.scorer = _shared_scorer(Path(path), self.cache_size)
        return self


_SCORERS: dict[tuple[str, int], NgramScorer] = {}


def _shared_scorer(path: Path, cache_size: int) -> NgramScorer:
    """The scorer of the weights in `path`, shared by every pipeline that loads the same files.

    The Dutch and English pipelines store the same weights (one model over both languages); loading them once
    saves a fifth of the tagger's load time, and the word cache is language-independent.
    """
    digest = hashlib.sha1()
    for name in ("vocab.json", "weights.npz"):
        digest.update((path / name).read_bytes())
    key = (digest.hexdigest(), cache_size)
    if key not in _SCORERS:
        _SCORERS[key] = NgramScorer(NgramWeights.from_disk(path), cache_size=cache_size)
    return _SCORERS[key]


@Language.factory("fieldnotes_ngram_classifier", default_config={"cache_size": 200_000})
def make_ngram_classifier(nlp: Language, name: str, *, cache_size: int) -> NgramClassifier:
    """Factory: the n-gram classifier; its weights come from training (`fit_ngram_model`) or from disk."""
    return NgramClassifier(name, cache_size=cache_size)
