"""Token attribute columns of a doc, read once and shared by the pipeline components.

Why: `Doc.to_array` costs a few microseconds per call whatever the number of attributes, and each component used to
call it for its own attributes (five calls per passage, about an eighth of tagging time). The attributes that do
not change after tokenization are read together on first use and kept in `doc.user_data`; a component that sets
an attribute (the lemmatizer: LEMMA) writes it through `set_column`, so later components read it from the same
place. Any other attribute (such as SENT_START, set by spaCy's sentencizer) is read from the doc each time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, ORTH
from spacy.tokens import Doc

STATIC_ATTRS: tuple[int, ...] = (ORTH, LOWER, LENGTH, IS_PUNCT, IS_SPACE, IDX)
_KEY = "fieldnotes_token_columns"


def _fill(doc: Doc) -> dict[int, numpy.ndarray]:
    """A new column cache for the doc, holding the static attributes."""
    array = doc.to_array(list(STATIC_ATTRS)).reshape(len(doc), len(STATIC_ATTRS))
    cache = {attr: array[:, i] for i, attr in enumerate(STATIC_ATTRS)}
    doc.user_data[_KEY] = cache
    return cache


def _cache(doc: Doc) -> dict[int, numpy.ndarray]:
    """The doc's column cache (new on first use, and after a retokenization changed the number of tokens)."""
    cache: dict[int, numpy.ndarray] | None = doc.user_data.get(_KEY)
    return cache if cache is not None and len(cache[ORTH]) == len(doc) else _fill(doc)


def columns(doc: Doc, attrs: Sequence[int]) -> list[numpy.ndarray]:
    """One uint64 array per attribute (spaCy attribute ids), as `doc.to_array(attrs).T` would give them."""
    cache = _cache(doc)
    try:
        return [cache[attr] for attr in attrs]
    except KeyError:
        missing = [attr for attr in attrs if attr not in cache]
        read = dict(zip(missing, doc.to_array(missing).reshape(len(doc), len(missing)).T))
        return [cache[attr] if attr in cache else read[attr] for attr in attrs]


def set_column(doc: Doc, attr: int, values: numpy.ndarray) -> None:
    """Write one attribute for all tokens (`doc.from_array`) and keep the written values as its column."""
    values = numpy.asarray(values, dtype="uint64")
    if len(doc):
        doc.from_array([attr], values)
    _cache(doc)[attr] = values
