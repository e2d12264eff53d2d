"""The public Tagger API: result shape, empty and long texts, evidence offsets, batching."""

from __future__ import annotations

import time

from fieldnotes.nlp.tagger import EvidenceSpan, Tagger, TagResult
from fieldnotes.nlp.themes import THEME_KEYS


def test_tagger_api_shape(tagger: Tagger) -> None:
    result = tagger.tag("Wij zijn al maanden onderbezet en de achterstanden groeien; niemand heeft nog tijd voor overleg.")
    assert isinstance(result, TagResult)
    assert result.lang == "nl"
    assert list(result.scores) == list(THEME_KEYS) == tagger.theme_keys
    assert all(0.0 <= v <= 1.0 for v in result.scores.values())
    assert "no_time" in result.themes
    assert set(result.evidence) <= set(result.themes)
    assert result.evidence["no_time"]
    assert isinstance(tagger.version, str) and tagger.version


def test_tagger_api_evidence_offsets(tagger: Tagger) -> None:
    text = "Beleid stuurde 600 brieven zonder het KCC te informeren. Het KCC werd platgebeld en bewoners hingen 20 minuten in de wacht."
    result = tagger.tag(text)
    assert result.spans
    for span in result.spans:
        assert isinstance(span, EvidenceSpan)
        assert text[span.start : span.end] == span.text
        assert span.theme in result.themes


def test_tagger_api_empty_text(tagger: Tagger) -> None:
    for text in ("", "   \n\t "):
        result = tagger.tag(text)
        assert result.themes == [] and result.spans == [] and result.evidence == {}
        assert result.scores == {theme: 0.0 for theme in THEME_KEYS}


def test_tagger_api_long_text_is_chunked_and_linear(tagger: Tagger) -> None:
    sentence = "De medewerker noteert de melding in het systeem en sluit het gesprek netjes af. "
    filler = sentence * (100_000 // len(sentence))
    text = filler + "Sinds maart zijn we zwaar onderbezet en de achterstand groeit elke week."
    assert len(text) > 100_000
    started = time.perf_counter()
    result = tagger.tag(text)
    assert time.perf_counter() - started < 10
    assert "no_time" in result.themes
    for span in result.spans:
        assert text[span.start : span.end] == span.text


def test_tagger_api_tag_many_matches_tag(tagger: Tagger) -> None:
    texts = ["We are badly understaffed and the backlog keeps growing.", "", "De klant belde drie keer en kreeg steeds een ander antwoord."]
    many = tagger.tag_many(texts, langs=["en", None, None], batch_size=2)
    assert [r.themes for r in many] == [tagger.tag(t).themes for t in texts]
    assert many[0].lang == "en" and many[2].lang == "nl"


def test_tagger_api_load_is_cached(tagger: Tagger) -> None:
    assert Tagger.load() is tagger
