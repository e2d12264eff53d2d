"""Building the per-language spaCy pipelines (blank tokenizer, no downloaded weights)."""

from __future__ import annotations

import spacy
from spacy.language import Language

import fieldnotes.nlp.cue_matcher
import fieldnotes.nlp.lemmatizer
import fieldnotes.nlp.textcat  # noqa: F401  (registers the lemma BOW architecture)

LEMMATIZER_BACKEND: dict[str, str] = {"nl": "simplemma", "en": "simplemma"}


def build_pipeline(
    lang: str,
    *,
    extra_cues: dict[str, list[str]] | None = None,
    extra_not_cases: dict[str, list[str]] | None = None,
) -> Language:
    """sentencizer -> fieldnotes_lemmatizer -> fieldnotes_cue_matcher on `spacy.blank(lang)`."""
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("fieldnotes_lemmatizer", config={"backend": LEMMATIZER_BACKEND.get(lang, "simplemma")})
    nlp.add_pipe(
        "fieldnotes_cue_matcher",
        config={"extra_cues": extra_cues or {}, "extra_not_cases": extra_not_cases or {}},
    )
    return nlp
