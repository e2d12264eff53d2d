"""The `fieldnotes_lemmatizer` component: lower-cased, context-free lemmas from simplemma (or spaCy lookups).

Both backends were compared on hand-made gold lists (tests/nlp/data/lemma_gold_*.tsv, figures in docs/nlp.md);
simplemma won for Dutch (0.96 vs 0.54) and English (0.94 vs 0.94), so it is the default for both. Lemmas are
lower-cased so that cue matching over LEMMA is case-insensitive. A per-form cache keeps this fast.
"""

from __future__ import annotations

import gzip
import json
import threading
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

from fieldnotes.nlp.hashtable import UInt64Table
from fieldnotes.nlp.token_columns import columns, set_column

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

    The cache (LOWER hash -> LEMMA hash) is a vectorised hash table (`hashtable.py`) looked up for a whole batch of
    docs at once: a dict lookup per token in Python was most of the lemmatizer's time. At most `cache_size` forms
    are kept (then it starts afresh).
    """

    def __init__(self, nlp: Language, name: str, *, backend: Backend, cache_size: int) -> None:
        self.name = name
        self.backend = backend
        self.cache_size = cache_size
        self._lemmatize = lemma_function(nlp.lang, backend)
        self._strings = nlp.vocab.strings
        self._cache = UInt64Table()  # LOWER hash -> LEMMA hash (as int64)
        self._lock = threading.Lock()  # the cache grows while tagging; a pipeline may run in several threads

    def lemma_of(self, form: str) -> str:
        """The lower-cased lemma of a single word form."""
        return self._lemmatize(form.lower())

    def lemma_hashes(self, lowers: numpy.ndarray) -> numpy.ndarray:
        """LEMMA hashes for an array of LOWER hashes (new forms are lemmatized once and cached)."""
        with self._lock:
            found, lemmas = self._cache.lookup(lowers)
            if found.all():
                return lemmas.view("uint64")
            missing = numpy.unique(lowers[~found])
            if len(self._cache) + len(missing) > self.cache_size:
                self._cache = UInt64Table()
                missing = numpy.unique(lowers)
            strings, lemmatize = self._strings, self._lemmatize
            new = numpy.fromiter(
                (strings.add(lemmatize(strings[lower])) for lower in missing.tolist()), dtype="uint64",
                count=len(missing),
            )
            self._cache.insert(missing, new.view("int64"))
            return self._cache.lookup(lowers)[1].view("uint64")

    def __call__(self, doc: Doc) -> Doc:
        set_column(doc, LEMMA, self.lemma_hashes(columns(doc, [LOWER])[0]))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """Lemmatize docs in batches: one cache lookup per batch."""
        for batch in minibatch(docs, batch_size):
            lowers = [columns(doc, [LOWER])[0] for doc in batch]
            lemmas = self.lemma_hashes(numpy.concatenate(lowers))
            begin = 0
            for doc, doc_lowers in zip(batch, lowers):
                set_column(doc, LEMMA, lemmas[begin : begin + len(doc_lowers)])
                begin += len(doc_lowers)
                yield doc


@Language.factory(
    "fieldnotes_lemmatizer",
    default_config={"backend": "simplemma", "cache_size": 200_000},
)
def make_fieldnotes_lemmatizer(nlp: Language, name: str, *, backend: Backend, cache_size: int) -> FieldnotesLemmatizer:
    """Factory for the lower-casing simplemma/lookup lemmatizer."""
    return FieldnotesLemmatizer(nlp, name, backend=backend, cache_size=cache_size)
