"""Shared token columns: equal to what `Doc.to_array` gives, kept in step by `set_column`, renewed on retokenizing."""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER, ORTH, SENT_START

from fieldnotes.nlp.pipeline import build_pipeline
from fieldnotes.nlp.token_columns import columns, set_column


def test_token_columns_equal_to_array_after_the_pipeline() -> None:
    nlp = build_pipeline("nl")
    doc = nlp("Het KCC werd  platgebeld. Niemand wist ervan!\nWerkdruk is hoog.")
    attrs = [ORTH, LOWER, LENGTH, IS_PUNCT, IS_SPACE, IDX, LEMMA, SENT_START]
    for attr, column in zip(attrs, columns(doc, attrs)):
        assert column.tolist() == doc.to_array([attr]).tolist(), attr
    assert columns(nlp.make_doc(""), [LOWER, LEMMA])[0].shape == (0,)


def test_token_columns_set_column_writes_the_doc_and_the_cache() -> None:
    nlp = build_pipeline("en")
    doc = nlp.make_doc("Staff were not told")
    lemmas = numpy.asarray([nlp.vocab.strings.add(w) for w in ("staff", "be", "not", "tell")], dtype="uint64")
    set_column(doc, LEMMA, lemmas)
    assert [t.lemma_ for t in doc] == ["staff", "be", "not", "tell"]
    assert columns(doc, [LEMMA])[0].tolist() == lemmas.tolist()


def test_token_columns_are_renewed_after_retokenizing() -> None:
    nlp = build_pipeline("en")
    doc = nlp.make_doc("the contact centre was flooded")
    assert len(columns(doc, [LOWER])[0]) == 5
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[1:3])
    assert columns(doc, [LOWER])[0].tolist() == doc.to_array([LOWER]).tolist()
