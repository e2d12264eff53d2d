"""The n-gram classifier: features, numpy prediction equal to scikit-learn's, and disk round trip."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from fieldnotes.nlp.ngram_model import (
    LOGITS_ATTR,
    NgramScorer,
    NgramSettings,
    NgramWeights,
    char_ngrams,
    fit_ngram_model,
    lemma_ngrams,
)
from fieldnotes.nlp.pipeline import build_pipeline

TEXTS = [
    ("We hebben een enorm personeelstekort en draaien overuren.", 1),
    ("Door de onderbezetting blijven dossiers liggen.", 1),
    ("Het team is te klein voor al het werk.", 1),
    ("Personeelsgebrek, weer.", 1),
    ("De koffie in de kantine is prima.", 0),
    ("Om negen uur begint het overleg.", 0),
    ("De balie gaat om vijf uur dicht.", 0),
    ("Nieuwe stoelen in de vergaderzaal.", 0),
]


@pytest.fixture(scope="module")
def docs() -> list:
    nlp = build_pipeline("nl")
    return list(nlp.pipe([t for t, _ in TEXTS]))


def test_ngram_model_char_ngrams_pad_the_word() -> None:
    assert char_ngrams("kcc", (3, 4)) == [" kc", "kcc", "cc ", " kcc", "kcc "]
    assert char_ngrams("a", (3, 5)) == [" a ", " a ", " a "]


def test_ngram_model_lemma_ngrams_has_unigrams_and_bigrams(docs: list) -> None:
    grams = lemma_ngrams(docs[5])
    assert "overleg" in grams and "negen uur" in grams


def test_ngram_model_numpy_logits_equal_sklearn(docs: list) -> None:
    y = numpy.asarray([[label] for _, label in TEXTS])
    weights = fit_ngram_model(docs, y, ("no_time",), settings=NgramSettings(char_min_df=1, c=5.0))
    scorer = NgramScorer(weights)
    lemma_vec = TfidfVectorizer(
        analyzer=lambda d: sorted(lemma_ngrams(d)), binary=True, use_idf=False, vocabulary=weights.lemma_vocab
    )
    char_vec = TfidfVectorizer(
        analyzer=lambda d: [g for t in d if not (t.is_space or t.is_punct) for g in char_ngrams(t.lower_, (3, 5))],
        vocabulary=weights.char_vocab, norm=None,
    )
    char_vec.idf_ = weights.char_idf
    weighted = char_vec.transform(docs).toarray()
    mass = weighted @ weights.char_idf  # sum over occurrences of IDF^2
    x = numpy.hstack([lemma_vec.fit_transform(docs).toarray(), weighted / numpy.sqrt(mass)[:, None]])
    expected = x @ weights.coef[0] + weights.intercept[0]
    got = numpy.asarray([scorer.logits(doc)[0] for doc in docs])
    assert numpy.allclose(got, expected, atol=1e-9)
    assert (got[:4] > got[4:].max()).all(), "the training positives score above the negatives"


def test_ngram_model_shares_compound_parts(docs: list) -> None:
    y = numpy.asarray([[label] for _, label in TEXTS])
    scorer = NgramScorer(fit_ngram_model(docs, y, ("no_time",), settings=NgramSettings(char_min_df=1, c=5.0)))
    nlp = build_pipeline("nl")
    unseen_positive, unseen_negative = nlp("Structureel personeelstekorten op de afdeling."), nlp("De vergaderzaal is open.")
    assert scorer.logits(unseen_positive)[0] > scorer.logits(unseen_negative)[0]


def test_ngram_model_component_round_trip(docs: list, tmp_path: Path) -> None:
    y = numpy.asarray([[label] for _, label in TEXTS])
    weights = fit_ngram_model(docs, y, ("no_time",), settings=NgramSettings(char_min_df=1))
    nlp = build_pipeline("nl")
    component = nlp.add_pipe("fieldnotes_ngram_classifier")
    assert nlp("Geen gewichten.")._.get(LOGITS_ATTR) is None
    component.set_weights(weights)
    before = nlp(TEXTS[0][0])._.get(LOGITS_ATTR)
    nlp.to_disk(tmp_path / "p")
    again = build_pipeline("nl")
    again.add_pipe("fieldnotes_ngram_classifier").from_disk(tmp_path / "p" / "fieldnotes_ngram_classifier")
    assert numpy.allclose(again(TEXTS[0][0])._.get(LOGITS_ATTR), before, atol=1e-5)
    assert NgramWeights.from_disk(tmp_path / "p" / "fieldnotes_ngram_classifier").themes == ("no_time",)


def test_ngram_model_batches_and_cache_resets_give_the_same_logits(docs: list) -> None:
    y = numpy.asarray([[label] for _, label in TEXTS])
    weights = fit_ngram_model(docs, y, ("no_time",), settings=NgramSettings(char_min_df=1))
    one_by_one = numpy.asarray([NgramScorer(weights).logits(doc) for doc in docs])
    tiny_cache = NgramScorer(weights, cache_size=4)  # every batch overflows it and starts a new cache
    for _ in range(2):
        assert numpy.allclose(tiny_cache.logits_batch(docs), one_by_one, atol=1e-12)
    empty = build_pipeline("nl").make_doc("")
    assert numpy.allclose(tiny_cache.logits_batch([empty, docs[0]])[0], weights.intercept)


def test_ngram_model_batch_may_mix_pipelines(docs: list) -> None:
    y = numpy.asarray([[label] for _, label in TEXTS])
    weights = fit_ngram_model(docs, y, ("no_time",), settings=NgramSettings(char_min_df=1))
    english = build_pipeline("en")("Understaffed again, zzqx backlog everywhere.")
    mixed = NgramScorer(weights).logits_batch([docs[0], english])
    assert numpy.allclose(mixed[1], NgramScorer(weights).logits(english))


def test_ngram_model_pipelines_with_the_same_weights_share_one_scorer(docs: list, tmp_path: Path) -> None:
    y = numpy.asarray([[label] for _, label in TEXTS])
    weights = fit_ngram_model(docs, y, ("no_time",), settings=NgramSettings(char_min_df=1))
    for lang in ("nl", "en"):
        weights.to_disk(tmp_path / lang)
    loaded = [build_pipeline(lang).add_pipe("fieldnotes_ngram_classifier").from_disk(tmp_path / lang)
              for lang in ("nl", "en")]
    assert loaded[0].scorer is loaded[1].scorer
    assert numpy.array_equal(numpy.load(tmp_path / "nl" / "weights.npz")["lemma_keys"], weights.lemma_keys())


def test_ngram_model_scorer_is_safe_to_share_between_threads(docs: list) -> None:
    from concurrent.futures import ThreadPoolExecutor

    y = numpy.asarray([[label] for _, label in TEXTS])
    weights = fit_ngram_model(docs, y, ("no_time",), settings=NgramSettings(char_min_df=1))
    expected = NgramScorer(weights).logits_batch(docs)
    shared = NgramScorer(weights, cache_size=8)  # small: threads keep resetting the word cache under each other
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, so that an unguarded cache would break
    try:
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(lambda _: shared.logits_batch(docs), range(200)))
    finally:
        sys.setswitchinterval(interval)
    assert all(numpy.allclose(result, expected, atol=1e-12) for result in results)
