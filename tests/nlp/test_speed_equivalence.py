"""The faster implementations give exactly what the straightforward ones gave (sentences, lemmas, n-grams, cues)."""

from __future__ import annotations

import numpy
import spacy
from spacy.attrs import LEMMA, LOWER, SENT_START
from spacy.language import Language
from spacy.ml.extract_ngrams import extract_ngrams
from spacy.pipeline import Sentencizer
from thinc.api import NumpyOps

from fieldnotes.nlp.corpus import load_corpus
from fieldnotes.nlp.cue_matcher import cue_hits
from fieldnotes.nlp.lemmatizer import FieldnotesLemmatizer
from fieldnotes.nlp.pipeline import FastSentencizer, build_pipeline, use_fast_sentencizer
from fieldnotes.nlp.scoring import cue_counts, hit_counts
from fieldnotes.nlp.tagger import Tagger, _textcat
from fieldnotes.nlp.textcat import ngram_sets

TRICKY = [
    "", "...", "Hi!! there . . ok?", "“Hallo.” zei hij. (Echt?) Ja!", "a.b.c. d", "。Test。 ok", "Wait... what?! no.",
    "Mr. Smith went home. Dr. Jansen ook!", "Geen punt aan het eind", "x ? y ! z .", "Eén. Twee... ‘Drie?’ Vier",
]


def _texts(k: int = 400) -> list[str]:
    return TRICKY + [p.text for p in load_corpus()[:k]]


def test_pipeline_fast_sentencizer_matches_spacy() -> None:
    nlp = spacy.blank("nl")
    for punct_chars in (None, [".", "?", "!", "…"], [";"]):
        slow = Sentencizer(punct_chars=punct_chars)
        fast = FastSentencizer(punct_chars=punct_chars)
        for text in _texts():
            a, b = slow(nlp.make_doc(text)), fast(nlp.make_doc(text))
            assert a.to_array(SENT_START).tolist() == b.to_array(SENT_START).tolist(), text


def test_pipeline_fast_sentencizer_pipe_matches_call() -> None:
    nlp = spacy.blank("en")
    texts = _texts(200)
    single = [Sentencizer()(nlp.make_doc(text)) for text in texts]
    batched = list(FastSentencizer().pipe((nlp.make_doc(text) for text in texts), batch_size=7))
    assert [d.to_array(SENT_START).tolist() for d in batched] == [d.to_array(SENT_START).tolist() for d in single]


def test_pipeline_use_fast_sentencizer_keeps_settings() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", ";"], "overwrite": True})
    use_fast_sentencizer(nlp)
    proc = nlp.get_pipe("sentencizer")
    assert isinstance(proc, FastSentencizer) and nlp.pipe_names == ["sentencizer"]
    assert proc.punct_chars == {".", ";"} and proc.overwrite
    restored = FastSentencizer().from_bytes(proc.to_bytes())
    assert restored.punct_chars == {".", ";"}
    assert [s.text for s in nlp("One; two. Three").sents] == ["One;", "two.", "Three"]


def test_textcat_ngram_sets_match_spacy_extract(nlp_nl: Language) -> None:
    docs = list(nlp_nl.pipe(_texts(200)[1:] + ["a", "b c"]))
    extract = extract_ngrams(2, attr=LEMMA)
    for size in (1, 3, 64):
        for begin in range(0, len(docs), size):
            batch = docs[begin : begin + size]
            (keys, _counts, lengths), _ = extract(batch, False)
            got_keys, got_lengths = ngram_sets(NumpyOps(), [doc.to_array(LEMMA) for doc in batch], 2)
            assert got_keys.dtype == keys.dtype and got_lengths.dtype == lengths.dtype
            assert got_keys.tolist() == keys.tolist() and got_lengths.tolist() == lengths.tolist()


def test_textcat_ngram_sets_empty_docs() -> None:
    ids = [numpy.array([5, 6, 5, 6], dtype="uint64"), numpy.zeros(0, dtype="uint64"), numpy.array([7], dtype="uint64")]
    keys, lengths = ngram_sets(NumpyOps(), ids, 2)
    assert lengths.tolist() == [4, 0, 1] and keys[:2].tolist() == [5, 6] and keys[-1] == 7
    keys, lengths = ngram_sets(NumpyOps(), [], 2)
    assert len(keys) == 0 and len(lengths) == 0


def test_lemmatizer_cache_gives_same_lemmas() -> None:
    texts = _texts(300)
    nlp = build_pipeline("nl")
    reference = FieldnotesLemmatizer(nlp, "ref", backend="simplemma", cache_size=200_000)
    # a tiny cache is cleared all the time; batched lookups after merges must still agree with single docs
    for cache_size in (7, 200_000):
        lemmatizer = FieldnotesLemmatizer(nlp, "l", backend="simplemma", cache_size=cache_size)
        for _ in range(2):
            batched = list(lemmatizer.pipe((nlp.make_doc(t) for t in texts), batch_size=32))
            for text, doc in zip(texts, batched):
                single = reference(nlp.make_doc(text))
                assert doc.to_array(LEMMA).tolist() == single.to_array(LEMMA).tolist()
                assert [t.lemma_ for t in doc] == [reference.lemma_of(t.text) for t in doc]


def test_lemmatizer_cache_holds_every_form_once() -> None:
    nlp = spacy.blank("en")
    lemmatizer = FieldnotesLemmatizer(nlp, "l", backend="simplemma", cache_size=200_000)
    words = [f"word{i}s" for i in range(3000)]
    doc = lemmatizer(nlp.make_doc(" ".join(words)))
    assert len(lemmatizer._cache) == len(set(doc.to_array(LOWER).tolist()))
    again = lemmatizer(nlp.make_doc(" ".join(reversed(words))))
    assert [t.lemma_ for t in again] == [t.lemma_ for t in reversed(doc)]


def test_cue_matcher_gap_match_from_anchors_equals_full_scan(nlp_nl: Language, nlp_en: Language) -> None:
    found = 0
    for nlp in (nlp_nl, nlp_en):
        docs = list(nlp.pipe(_texts(600)))
        cue_matcher = nlp.get_pipe("fieldnotes_cue_matcher")
        for doc in docs:
            starts = [start for _, start, _ in cue_matcher._anchor_matcher(doc)]
            from_anchors = cue_matcher._token_matcher(doc, starts)
            assert sorted(from_anchors) == sorted(cue_matcher._token_matcher(doc))
            found += len(from_anchors)
    assert found > 0


def test_scoring_hit_counts_equal_cue_counts(nlp_en: Language) -> None:
    docs = list(nlp_en.pipe(["Nobody told us, again. Not understaffed at all.", "We are understaffed.", ""]))
    themes = ["silos", "no_time", "unknown"]
    active, blocked = cue_counts(docs, themes)
    active2, blocked2 = hit_counts([cue_hits(doc) for doc in docs], themes)
    assert (active == active2).all() and (blocked == blocked2).all() and active.sum() > 0


def test_tagger_api_textcat_scores_equal_doc_cats(tagger: Tagger) -> None:
    nlp = tagger.pipelines["nl"]
    name, textcat = _textcat(nlp)
    docs = list(nlp.pipe(_texts(100)[1:]))
    direct = tagger._textcat_probs(textcat, docs)
    assert name == "textcat_multilabel"
    assert direct.tolist() == tagger._textcat_probs(None, docs).tolist()
