"""The `fieldnotes_lemmatizer` component: lower-cased, context-free lemmas from simplemma (or spaCy lookups).

Both backends were compared on hand-made gold lists (tests/nlp/data/lemma_gold_*.tsv, figures in docs/nlp.md);
simplemma won for Dutch (0.96 vs 0.54) and English (0.94 vs 0.94), so it is the default for both. Lemmas are
lower-cased so that cue matching over LEMMA is case-insensitive. A per-form cache keeps this fast.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy
import simplemma
from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc

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
    """Sets `token.lemma_` to a lower-cased lemma; caches the lemma hash per lower-cased form."""

    def __init__(self, nlp: Language, name: str, *, backend: Backend, cache_size: int) -> None:
        self.name = name
        self.backend = backend
        self.cache_size = cache_size
        self._lemmatize = lemma_function(nlp.lang, backend)
        self._strings = nlp.vocab.strings
        self._cache: dict[int, int] = {}

    def lemma_of(self, form: str) -> str:
        """The lower-cased lemma of a single word form."""
        return self._lemmatize(form.lower())

    def _lemma_hash(self, lower_hash: int) -> int:
        lemma = self._lemmatize(self._strings[lower_hash])
        lemma_hash = self._strings.add(lemma)
        if len(self._cache) >= self.cache_size:
            self._cache.clear()
        self._cache[lower_hash] = lemma_hash
        return lemma_hash

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        cache = self._cache
        lowers = doc.to_array([LOWER]).tolist()
        lemmas = [cache.get(h) or self._lemma_hash(h) for h in lowers]
        doc.from_array([LEMMA], numpy.asarray(lemmas, dtype="uint64"))
        return doc


@Language.factory(
    "fieldnotes_lemmatizer",
    default_config={"backend": "simplemma", "cache_size": 200_000},
)
def make_fieldnotes_lemmatizer(nlp: Language, name: str, *, backend: Backend, cache_size: int) -> FieldnotesLemmatizer:
    """Factory for the lower-casing simplemma/lookup lemmatizer."""
    return FieldnotesLemmatizer(nlp, name, backend=backend, cache_size=cache_size)
