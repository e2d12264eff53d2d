"""Evidence spans and extra (user-defined) cues in the cue matcher."""

from __future__ import annotations

import spacy
from spacy.language import Language

import fieldnotes.nlp.pipeline  # noqa: F401
from fieldnotes.nlp.cue_matcher import BLOCKED_SPAN_KEY, CUE_SPAN_KEY, NOT_CASE_SPAN_KEY, add_span_groups, cue_hits
from fieldnotes.nlp.pipeline import build_pipeline


def test_cue_matcher_evidence_offsets(nlp_nl: Language) -> None:
    text = "Sinds maart zijn we onderbezet. Het KCC werd platgebeld."
    doc = nlp_nl(text)
    hits = cue_hits(doc)
    assert hits
    for hit in hits:
        assert text[hit.start_char : hit.end_char] == hit.text
    add_span_groups(doc)
    assert {s.label_ for s in doc.spans[CUE_SPAN_KEY]} >= {"no_time", "surprise"}
    assert [s.text for s in doc.spans[CUE_SPAN_KEY]] == [h.text for h in hits if h.status == "cue"]


def test_cue_matcher_evidence_span_groups_blocked_and_not_cases(nlp_en: Language) -> None:
    doc = add_span_groups(nlp_en("We are not understaffed. Pleasantly surprised: we were flooded with sign-ups."))
    assert [s.text for s in doc.spans[BLOCKED_SPAN_KEY]] == ["understaffed", "flooded"]
    assert [s.label_ for s in doc.spans[NOT_CASE_SPAN_KEY]] == ["surprise"]


def test_cue_matcher_evidence_matches_over_lemma(nlp_nl: Language, nlp_en: Language) -> None:
    assert any(h.theme == "no_time" for h in cue_hits(nlp_nl("De achterstanden groeien.")))
    assert any(h.theme == "customer_impact" for h in cue_hits(nlp_en("Customers complained twice.")))


def test_cue_matcher_evidence_extra_theme() -> None:
    nlp = build_pipeline("nl", extra_cues={"hierarchy": ["de baas bepaalt", "pikorde"], "silos": ["muurtje"]})
    doc = nlp("Hier bepaalt de baas alles; de pikorde is duidelijk. Er staat een muurtje tussen.")
    themes = {h.theme for h in cue_hits(doc)}
    assert {"hierarchy", "silos"} <= themes
    assert "hierarchy" in nlp.get_pipe("fieldnotes_cue_matcher").themes


def test_cue_matcher_evidence_factory_settings() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("fieldnotes_lemmatizer")
    nlp.add_pipe("fieldnotes_cue_matcher", config={"use_builtin": False, "extra_cues": {"tools": ["laptop"]}})
    hits = cue_hits(nlp("My laptops are slow and we are understaffed."))
    assert [(h.theme, h.text) for h in hits] == [("tools", "laptops")]


def test_cue_matcher_evidence_token_patterns_with_gaps(nlp_nl: Language, nlp_en: Language) -> None:
    nl = [(h.theme, h.text) for h in cue_hits(nlp_nl("We zijn twee man kort. Niemand heeft ons verteld dat het zou veranderen."))]
    assert ("no_time", "twee man kort") in nl
    assert any(theme == "surprise" and text.startswith("Niemand heeft ons") for theme, text in nl)
    en = [(h.theme, h.text) for h in cue_hits(nlp_en("We are five consultants short and nobody told us anything."))]
    assert ("no_time", "five consultants short") in en
