"""The `fieldnotes_lemmatizer` component: lower-cased, context-free lemmas from simplemma (or spaCy lookups).

Both backends were compared on hand-made gold lists (tests/nlp/data/lemma_gold_*.tsv, figures in docs/nlp.md);
simplemma won for Dutch (0.96 vs 0.54) and English (0.94 vs 0.94), so it is the default for both. Lemmas are
lower-cased so that cue matching over LEMMA is case-insensitive. A per-form cache keeps this fast.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy
import simplemma
from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

Backend = Literal["simplemma", "lookup"]


@lru_cache(maxsize=4)
def _lookup_table(lang: str) -> dict[str, str]:
    """The spacy-lookups-data `lemma_lookup` table for a language."""
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / f"{lang}_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf8") as handle:
        return json.load(handle)


def lemma_function(lang: str, backend: Backend) -> Callable[[str], str]:
    """A function mapping a lower-cased word form to its lower-cased lemma."""
    if backend == "simplemma":
        return lambda form: simplemma.lemmatize(form, lang=lang).lower()
    if backend == "lookup":
        table = _lookup_table(lang)
        return lambda form: table.get(form, form).lower()
    raise ValueError(f"unknown lemmatizer backend {backend!r}")


def read_gold(path: Path) -> list[tuple[str, str]]:
    """Read a `form<TAB>lemma` gold list (lines starting with # are comments)."""
    pairs = []
    for line in path.read_text(encoding="utf8").splitlines():
        if line.strip() and not line.startswith("#"):
            form, lemma = line.split("\t")[:2]
            pairs.append((form.strip(), lemma.strip()))
    return pairs


def lemma_accuracy(pairs: list[tuple[str, str]], lang: str, backend: Backend) -> float:
    """Share of gold forms whose lemma the backend gets exactly right."""
    lemmatize = lemma_function(lang, backend)
    return sum(lemmatize(form.lower()) == gold.lower() for form, gold in pairs) / len(pairs)


class FieldnotesLemmatizer:
    """Sets `token.lemma_` to a lower-cased lemma; caches the lemma hash per lower-cased form.

    The cache is two sorted arrays (LOWER hash -> LEMMA hash) looked up with `numpy.searchsorted` for a whole
    batch of docs at once, plus a dict of forms seen since the last merge into the arrays: a dict lookup per token
    in Python was most of the lemmatizer's time. At most `cache_size` forms are kept (then it starts afresh).
    """

    def __init__(self, nlp: Language, name: str, *, backend: Backend, cache_size: int) -> None:
        self.name = name
        self.backend = backend
        self.cache_size = cache_size
        self._lemmatize = lemma_function(nlp.lang, backend)
        self._strings = nlp.vocab.strings
        self._keys = numpy.zeros(0, dtype="uint64")
        self._values = numpy.zeros(0, dtype="uint64")
        self._recent: dict[int, int] = {}

    def lemma_of(self, form: str) -> str:
        """The lower-cased lemma of a single word form."""
        return self._lemmatize(form.lower())

    def _lemma_hash(self, lower_hash: int) -> int:
        lemma_hash = self._recent.get(lower_hash)
        if lemma_hash is None:
            if len(self._keys) + len(self._recent) >= self.cache_size:
                self._keys, self._values = self._keys[:0], self._values[:0]
                self._recent.clear()
            lemma_hash = self._strings.add(self._lemmatize(self._strings[lower_hash]))
            self._recent[lower_hash] = lemma_hash
        return lemma_hash

    def _merge_recent(self) -> None:
        keys = numpy.concatenate([self._keys, numpy.fromiter(self._recent, dtype="uint64", count=len(self._recent))])
        values = numpy.concatenate(
            [self._values, numpy.fromiter(self._recent.values(), dtype="uint64", count=len(self._recent))]
        )
        order = numpy.argsort(keys)
        self._keys, self._values = keys[order], values[order]
        self._recent.clear()

    def lemma_hashes(self, lowers: numpy.ndarray) -> numpy.ndarray:
        """LEMMA hashes for an array of LOWER hashes."""
        keys = self._keys
        if len(keys):
            positions = numpy.minimum(numpy.searchsorted(keys, lowers), len(keys) - 1)
            lemmas = self._values[positions]
            missing = numpy.flatnonzero(keys[positions] != lowers)
        else:
            lemmas = numpy.zeros(len(lowers), dtype="uint64")
            missing = numpy.arange(len(lowers))
        if len(missing):
            lemmas[missing] = [self._lemma_hash(lower) for lower in lowers[missing].tolist()]
            # merge when the dict has grown by a quarter: amortised linear, and the dict stays small
            if len(self._recent) > max(1024, len(self._keys) // 4):
                self._merge_recent()
        return lemmas

    def __call__(self, doc: Doc) -> Doc:
        if len(doc):
            doc.from_array([LEMMA], self.lemma_hashes(doc.to_array(LOWER)))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """Lemmatize docs in batches: one cache lookup per batch."""
        for batch in minibatch(docs, batch_size):
            lowers = [doc.to_array(LOWER) for doc in batch]
            lemmas = self.lemma_hashes(numpy.concatenate(lowers))
            begin = 0
            for doc, doc_lowers in zip(batch, lowers):
                if len(doc_lowers):
                    doc.from_array([LEMMA], lemmas[begin : begin + len(doc_lowers)])
                    begin += len(doc_lowers)
                yield doc


@Language.factory(
    "fieldnotes_lemmatizer",
    default_config={"backend": "simplemma", "cache_size": 200_000},
)
def make_fieldnotes_lemmatizer(nlp: Language, name: str, *, backend: Backend, cache_size: int) -> FieldnotesLemmatizer:
    """Factory for the lower-casing simplemma/lookup lemmatizer."""
    return FieldnotesLemmatizer(nlp, name, backend=backend, cache_size=cache_size)
