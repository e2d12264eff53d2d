"""The public theme tagger: language id, per-language spaCy pipeline, cue + n-gram + textcat stacking, thresholds.

Usage:
    tagger = Tagger.load()
    result = tagger.tag("Wij zijn structureel onderbezet.")
    result.themes, result.scores, result.evidence, result.spans
"""

from __future__ import annotations

import gc
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy
import spacy
from spacy.language import Language
from spacy.pipeline import TextCategorizer
from spacy.tokens import Doc

from fieldnotes.nlp.cue_matcher import cue_hits
from fieldnotes.nlp.langid import detect_languages
from fieldnotes.nlp.ngram_model import ngram_logits
from fieldnotes.nlp.passages import group_sentences
from fieldnotes.nlp.pipeline import use_fast_sentencizer
from fieldnotes.nlp.scoring import Stacker, features, hit_counts

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "model"
MAX_CHUNK_CHARS = 2000
_CACHE: dict[Path, Tagger] = {}


@dataclass(frozen=True)
class EvidenceSpan:
    """A cue match that supports a predicted theme, as character offsets into the tagged text."""

    theme: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TagResult:
    """Themes for one text: `scores` has every theme key; `themes` are those at or above their threshold."""

    lang: str
    themes: list[str]
    scores: dict[str, float]
    evidence: dict[str, list[str]]
    spans: list[EvidenceSpan]


def chunk_text(text: str, max_chars: int = MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) chunks of whole sentences of at most ~max_chars; over-long sentences are cut at whitespace."""
    if len(text) <= max_chars:
        return [(0, len(text))]
    chunks: list[tuple[int, int]] = []
    for start, end in group_sentences(text, 0, len(text), max_chars):
        while end - start > max_chars:
            cut = text.rfind(" ", start + max_chars // 2, start + max_chars)
            cut = cut if cut > start else start + max_chars
            chunks.append((start, cut))
            start = cut
        chunks.append((start, end))
    return chunks


class Tagger:
    """Tags texts with the six culture themes; load once with `Tagger.load()` and reuse."""

    def __init__(self, pipelines: dict[str, Language], stacker: Stacker, version: str) -> None:
        self.pipelines = pipelines
        self.stacker = stacker
        self.version = version
        self.theme_keys: list[str] = list(stacker.themes)
        self._default_lang = next(iter(pipelines))

    @classmethod
    def load(cls, model_dir: Path | None = None) -> Tagger:
        """Load (and cache per directory) a tagger from a model directory (default: the shipped model)."""
        path = Path(model_dir or DEFAULT_MODEL_DIR).resolve()
        if path not in _CACHE:
            meta = json.loads((path / "tagger.json").read_text(encoding="utf8"))
            # the tokenizer is the blank language default: rebuilding it is cheaper than loading it
            pipelines = {lang: spacy.load(path / lang, exclude=["tokenizer"]) for lang in meta["langs"]}
            for nlp in pipelines.values():
                use_fast_sentencizer(nlp)
            tagger = cls(pipelines, Stacker.from_json(meta["stacker"]), str(meta["version"]))
            tagger._warm_up()
            _CACHE[path] = tagger
        return _CACHE[path]

    def _warm_up(self) -> None:
        """Build cue matchers and load lemma dictionaries now rather than on the first real call."""
        for nlp in self.pipelines.values():
            nlp("warm up. Opwarmen.")

    def tag(self, text: str, lang: str | None = None) -> TagResult:
        """Tag one text (lang 'nl'/'en', or None to detect it)."""
        return self.tag_many([text], [lang])[0]

    def tag_many(
        self,
        texts: Sequence[str],
        langs: Sequence[str | None] | None = None,
        batch_size: int = 256,
    ) -> list[TagResult]:
        """Tag many texts with `nlp.pipe`; long texts are tagged in sentence chunks and chunk scores are max-pooled."""
        if langs is not None and len(langs) != len(texts):
            raise ValueError("langs must have the same length as texts")
        # Cyclic garbage collection rescans the loaded model's many objects while we allocate Docs and took a
        # quarter of tagging time; it is paused for the call (reference counting still frees every Doc) and
        # restored afterwards, when anything cyclic left over is collected as usual.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._tag_many(texts, langs, batch_size)
        finally:
            if was_enabled:
                gc.enable()

    def _tag_many(
        self, texts: Sequence[str], langs: Sequence[str | None] | None, batch_size: int
    ) -> list[TagResult]:
        given = list(langs) if langs is not None else [None] * len(texts)
        resolved: list[str] = [lang if lang in self.pipelines else "" for lang in given]
        to_detect = [i for i, lang in enumerate(resolved) if not lang and texts[i].strip()]
        for i, lang in zip(to_detect, detect_languages([texts[i] for i in to_detect])):
            resolved[i] = lang if lang in self.pipelines else self._default_lang
        resolved = [lang or self._default_lang for lang in resolved]

        scores = numpy.zeros((len(texts), len(self.theme_keys)))
        hits_per_text: list[list[EvidenceSpan]] = [[] for _ in texts]
        # per language: the owning text, offset and text of every chunk
        chunks: dict[str, tuple[list[int], list[int], list[str]]] = {lang: ([], [], []) for lang in self.pipelines}
        for i, text in enumerate(texts):
            if text.strip():
                owners, offsets, pieces = chunks[resolved[i]]
                for start, end in chunk_text(text):
                    owners.append(i)
                    offsets.append(start)
                    pieces.append(text[start:end])
        for lang, nlp in self.pipelines.items():
            owners, offsets, pieces = chunks[lang]
            if not pieces:
                continue
            # a final textcat runs on the batches below and its score array is used directly, instead of filling
            # doc.cats per doc and reading it back
            textcat = _textcat(nlp)
            docs = nlp.pipe(pieces, batch_size=batch_size, disable=[textcat[0]] if textcat else [])
            for begin in range(0, len(pieces), batch_size):
                # stream: keeping every Doc of a large call alive made garbage collection a large share of the time
                batch = list(itertools.islice(docs, batch_size))
                hits = [cue_hits(doc) for doc in batch]
                active, blocked = hit_counts(hits, self.theme_keys)
                probs = self._textcat_probs(textcat[1] if textcat else None, batch)
                ngram = numpy.asarray([ngram_logits(doc) for doc in batch])
                chunk_scores = self.stacker.scores(features(probs, active, blocked, ngram))
                batch_owners = owners[begin : begin + len(batch)]
                # stacked scores are >= 0, so the maximum with the initial zeros is the chunk score of one-chunk texts
                numpy.maximum.at(scores, batch_owners, chunk_scores)
                for owner, offset, doc_hits in zip(batch_owners, offsets[begin : begin + len(batch)], hits):
                    if doc_hits:
                        hits_per_text[owner].extend(
                            EvidenceSpan(h.theme, h.start_char + offset, h.end_char + offset, h.text)
                            for h in doc_hits
                            if h.status == "cue"
                        )
        chosen = (scores >= self.stacker.thresholds).tolist()
        return [
            self._result(resolved[i], row, chosen[i], hits_per_text[i]) for i, row in enumerate(scores.tolist())
        ]

    def threshold(self, theme: str) -> float:
        """The decision threshold of `theme` (a score at or above it means the theme is predicted)."""
        return float(self.stacker.thresholds[self.theme_keys.index(theme)])

    def _textcat_probs(self, textcat: TextCategorizer | None, docs: list[Doc]) -> numpy.ndarray:
        """Textcat probabilities per doc in theme order (0.0 for themes the textcat does not know).

        With `textcat` None the pipeline ran completely and the scores are read from `doc.cats`.
        """
        if textcat is None:
            cats = [[doc.cats.get(theme, 0.0) for theme in self.theme_keys] for doc in docs]
            return numpy.asarray(cats, dtype="float64").reshape(len(docs), len(self.theme_keys))
        probs = numpy.zeros((len(docs), len(self.theme_keys)))
        predicted = textcat.model.ops.to_numpy(textcat.predict(docs))
        column = {label: j for j, label in enumerate(textcat.labels)}
        for k, theme in enumerate(self.theme_keys):
            if theme in column:
                probs[:, k] = predicted[:, column[theme]]
        return probs

    def _result(self, lang: str, row: list[float], chosen: list[bool], hits: list[EvidenceSpan]) -> TagResult:
        themes = [theme for theme, picked in zip(self.theme_keys, chosen) if picked]
        picked_themes = set(themes)
        spans = [h for h in hits if h.theme in picked_themes]
        evidence: dict[str, list[str]] = {}
        for span in spans:
            found = evidence.setdefault(span.theme, [])
            if span.text not in found:
                found.append(span.text)
        return TagResult(lang=lang, themes=themes, scores=dict(zip(self.theme_keys, row)), evidence=evidence, spans=spans)


def _textcat(nlp: Language) -> tuple[str, TextCategorizer] | None:
    """The pipeline's last component with its name when it is a text classifier (then nothing reads its doc.cats)."""
    name, proc = nlp.pipeline[-1] if nlp.pipeline else ("", None)
    return (name, proc) if isinstance(proc, TextCategorizer) else None
