"""The lemmatizer comparison on the hand-made gold lists, and the component itself."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

import fieldnotes.nlp.lemmatizer  # noqa: F401
from fieldnotes.nlp.lemmatizer import lemma_accuracy, read_gold
from fieldnotes.nlp.pipeline import LEMMATIZER_BACKEND

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_lemmatizer_gold_chosen_backend_is_best(lang: str) -> None:
    pairs = read_gold(DATA / f"lemma_gold_{lang}.tsv")
    assert len(pairs) >= 150
    scores = {backend: lemma_accuracy(pairs, lang, backend) for backend in ("simplemma", "lookup")}
    assert scores[LEMMATIZER_BACKEND[lang]] == max(scores.values())
    assert scores[LEMMATIZER_BACKEND[lang]] >= 0.9


def test_lemmatizer_gold_component_lowercases() -> None:
    nlp = spacy.blank("nl")
    nlp.add_pipe("fieldnotes_lemmatizer")
    assert [t.lemma_ for t in nlp("Medewerkers werkten")] == ["medewerker", "werken"]
