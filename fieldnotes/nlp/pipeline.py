"""Building the per-language spaCy pipelines (blank tokenizer, no downloaded weights)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import spacy
from spacy.attrs import IS_PUNCT, LENGTH, ORTH
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.pipeline.senter import senter_score
from spacy.strings import hash_string
from spacy.tokens import Doc
from spacy.util import minibatch

import fieldnotes.nlp.cue_matcher
import fieldnotes.nlp.lemmatizer
import fieldnotes.nlp.ngram_model  # registers fieldnotes_ngram_classifier
import fieldnotes.nlp.textcat  # noqa: F401  (registers the lemma BOW architecture)
from fieldnotes.nlp.token_columns import columns

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


class FastSentencizer(Sentencizer):
    """spaCy's rule-based sentencizer with the same boundaries, decided over token arrays instead of Token objects.

    spaCy's `predict` creates a Token and its text for every token and was ~10% of tagging time; here only tokens
    as long as some sentence-final character are looked at, by their ORTH hash, in the shared token columns
    (`token_columns.py`).
    """

    @property
    def punct_chars(self) -> frozenset[str]:
        return self._punct_chars

    @punct_chars.setter
    def punct_chars(self, chars: Iterable[str]) -> None:
        # spaCy assigns this in __init__ and from_bytes/from_disk; keep the ORTH hashes in step
        self._punct_chars = frozenset(chars)
        self._punct_orths = frozenset(hash_string(char) for char in self._punct_chars)
        self._punct_lengths = frozenset(len(char) for char in self._punct_chars)

    def predict(self, docs: Iterable[Doc]) -> list[list[bool]]:
        """Sentence starts: the first token, and every non-punctuation token after a sentence-final character."""
        punct_orths, punct_lengths = self._punct_orths, self._punct_lengths
        guesses = []
        for doc in docs:
            doc_guesses = [False] * len(doc)
            if doc_guesses:
                doc_guesses[0] = True
                seen_period = False
                orths, lengths, is_punct = (column.tolist() for column in columns(doc, [ORTH, LENGTH, IS_PUNCT]))
                for i, length in enumerate(lengths):
                    if length in punct_lengths and orths[i] in punct_orths:
                        seen_period = True
                    elif seen_period and not is_punct[i]:
                        doc_guesses[i] = True
                        seen_period = False
            guesses.append(doc_guesses)
        return guesses

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Set sentence starts batch by batch (spaCy's `Pipe.pipe` goes through `__call__` for every doc)."""
        error_handler = self.get_error_handler()
        for docs in minibatch(stream, size=batch_size):
            try:
                self.set_annotations(docs, self.predict(docs))
                yield from docs
            except Exception as error:  # noqa: BLE001  (spaCy's contract: the error handler decides, raising by default)
                error_handler(self.name, self, docs, error)


@Language.factory(
    "fieldnotes_sentencizer",
    default_config={"punct_chars": None, "overwrite": False, "scorer": {"@scorers": "spacy.senter_scorer.v1"}},
)
def make_fast_sentencizer(
    nlp: Language, name: str, *, punct_chars: list[str] | None, overwrite: bool, scorer: Callable | None
) -> FastSentencizer:
    """Factory for the drop-in faster sentencizer (same settings as spaCy's `sentencizer`)."""
    return FastSentencizer(name, punct_chars=punct_chars, overwrite=overwrite, scorer=scorer or senter_score)


def use_fast_sentencizer(nlp: Language) -> None:
    """Replace spaCy sentencizers in a loaded pipeline by `FastSentencizer` with the same settings.

    Trained pipelines keep spaCy's `sentencizer` on disk (training and other code use it unchanged); the tagger
    swaps it in memory after loading.
    """
    for name, proc in list(nlp.pipeline):
        if type(proc) is Sentencizer:
            nlp.replace_pipe(
                name,
                "fieldnotes_sentencizer",
                config={"punct_chars": sorted(proc.punct_chars), "overwrite": proc.overwrite},
            )
