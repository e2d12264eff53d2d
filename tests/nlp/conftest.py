"""Fixtures for the NLP tests: the shipped tagger and bare pipelines are built once per session."""

from __future__ import annotations

import pytest
from spacy.language import Language

from fieldnotes.nlp.pipeline import build_pipeline
from fieldnotes.nlp.tagger import Tagger


@pytest.fixture(scope="session")
def tagger() -> Tagger:
    """The shipped model, loaded once."""
    return Tagger.load()


@pytest.fixture(scope="session")
def nlp_nl() -> Language:
    """Dutch pipeline without textcat (sentencizer, lemmatizer, cue matcher)."""
    return build_pipeline("nl")


@pytest.fixture(scope="session")
def nlp_en() -> Language:
    """English pipeline without textcat (sentencizer, lemmatizer, cue matcher)."""
    return build_pipeline("en")
