"""A bag-of-words textcat architecture over lemmas (or any token attribute), and its config.

spaCy's `spacy.TextCatBOW.v3` hashes ORTH n-grams, so "Werkdruk", "werkdruk" and "werkdrukken" are unrelated
features. `fieldnotes.TextCatBOW.v1` is the same sparse linear model over a chosen attribute (LEMMA by default,
which our lemmatizer lower-cases), which generalises better on a small corpus.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy
from spacy.attrs import IDS
from spacy.ml.extract_ngrams import extract_ngrams
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Logistic, Model, Ops, SparseLinear_v2, chain, resizable, with_cpu
from thinc.layers.resizable import resize_linear_weighted, resize_model
from thinc.types import Floats2d

from fieldnotes.nlp.token_columns import columns

_NEG_VALUE = -5000


def _resize_and_set_ref(model: Model, new_nO: int, resizable_layer: Model) -> Model:
    resizable_layer = resize_model(resizable_layer, new_nO)
    model.set_ref("output_layer", resizable_layer.layers[0])
    model.set_dim("nO", new_nO, force=True)
    return model


def extract_ngram_set(ngram_size: int, attr: int) -> Model:
    """Hashed n-grams of a doc as a set: each distinct n-gram gets 1/sqrt(#distinct), so every doc has unit norm.

    spaCy's extractor uses raw counts, which lets long passages dominate and rare n-grams be memorised; unit-norm
    binary features behave like the tf-normalised vectors of a regularised logistic regression. The keys are
    those of spaCy's `extract_ngrams` (same hashes, sorted per doc), found for the whole batch at once: about
    twice as fast as spaCy's one `numpy.unique` per doc.
    """

    def forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[tuple, Any]:
        keys, lengths = ngram_sets(model.ops, [columns(doc, [attr])[0] for doc in docs], ngram_size)
        scale = numpy.repeat(1.0 / numpy.sqrt(numpy.maximum(lengths, 1)), lengths).astype("f")
        return (keys, scale, lengths), lambda d_output: []

    return Model("extract_ngram_set", forward, attrs={"ngram_size": ngram_size, "attr": attr})


def ngram_sets(ops: Ops, token_ids: list[numpy.ndarray], ngram_size: int) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The distinct 1..ngram_size-gram hashes of each doc, ascending per doc and concatenated, and their counts.

    N-grams are hashed over the concatenated batch with `ops.ngrams` and those crossing a doc boundary dropped,
    which gives exactly the per-doc hashes.
    """
    sizes = numpy.fromiter((len(ids) for ids in token_ids), dtype="int64", count=len(token_ids))
    tokens = numpy.concatenate(token_ids).astype("uint64", copy=False) if token_ids else numpy.zeros(0, dtype="uint64")
    # the smallest integer type for doc numbers: numpy sorts small integer keys by radix sort, twice as fast here
    owner = numpy.repeat(numpy.arange(len(token_ids), dtype=numpy.min_scalar_type(len(token_ids))), sizes)
    keys, owners = [tokens], [owner]
    for n in range(2, ngram_size + 1):
        if len(tokens) < n:
            break
        grams = ops.ngrams(n, tokens)
        inside = owner[: len(grams)] == owner[n - 1 :]
        keys.append(grams[inside])
        owners.append(owner[: len(grams)][inside])
    all_keys, all_owners = numpy.concatenate(keys), numpy.concatenate(owners)
    order = numpy.lexsort((all_keys, all_owners))
    all_keys, all_owners = all_keys[order], all_owners[order]
    distinct = numpy.ones(len(all_keys), dtype=bool)
    distinct[1:] = (all_keys[1:] != all_keys[:-1]) | (all_owners[1:] != all_owners[:-1])
    lengths = numpy.bincount(all_owners[distinct], minlength=len(token_ids)).astype("int32")
    return all_keys[distinct], lengths


@registry.architectures("fieldnotes.TextCatBOW.v1")
def build_lemma_bow(
    ngram_size: int,
    attr: str = "LEMMA",
    length: int = 65536,
    values: str = "unit",
    nO: int | None = None,
) -> Model[list[Doc], Floats2d]:
    """Multi-label sparse linear BOW over hashed n-grams of `attr`, with a logistic output.

    values="unit": distinct n-grams with unit-norm weights (default); "counts": spaCy's raw counts.
    """
    length = 2 ** (length - 1).bit_length()
    sparse_linear = SparseLinear_v2(nO=nO, length=length)
    resizable_layer = resizable(
        sparse_linear, resize_layer=partial(resize_linear_weighted, fill_defaults={"b": _NEG_VALUE, "W": 0})
    )
    if values not in ("unit", "counts"):
        raise ValueError(f"values must be 'unit' or 'counts', not {values!r}")
    extract = extract_ngram_set if values == "unit" else extract_ngrams
    model = chain(extract(ngram_size, attr=IDS[attr]), resizable_layer)
    model = with_cpu(model, model.ops)
    model = chain(model, with_cpu(Logistic(), model.ops))
    if nO is not None:
        model.set_dim("nO", nO)
    model.set_ref("output_layer", sparse_linear)
    model.attrs["multi_label"] = True
    model.attrs["resize_output"] = partial(_resize_and_set_ref, resizable_layer=resizable_layer)
    return model


def textcat_config(
    *, ngram_size: int, attr: str, length: int, values: str = "unit", threshold: float = 0.5
) -> dict[str, Any]:
    """The `textcat_multilabel` component config using the lemma BOW architecture."""
    return {
        "threshold": threshold,
        "model": {
            "@architectures": "fieldnotes.TextCatBOW.v1",
            "ngram_size": ngram_size,
            "attr": attr,
            "length": length,
            "values": values,
            "nO": None,
        },
    }
