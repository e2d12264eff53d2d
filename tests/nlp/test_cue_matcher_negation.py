"""Negation and the guideline's Not-cases in the cue matcher."""

from __future__ import annotations

import pytest
from spacy.language import Language

from fieldnotes.nlp.cue_matcher import cue_hits


def _status(nlp: Language, text: str, theme: str) -> list[str]:
    return [h.status for h in cue_hits(nlp(text)) if h.theme == theme and h.status != "not_case"]


@pytest.mark.parametrize(
    "text",
    ["Wij zijn niet onderbezet.", "Geen probleem met werkdruk hier.", "Werkdruk is geen probleem."],
)
def test_cue_matcher_negation_dutch(nlp_nl: Language, text: str) -> None:
    statuses = _status(nlp_nl, text, "no_time")
    assert statuses and "cue" not in statuses


def test_cue_matcher_negation_dutch_positive(nlp_nl: Language) -> None:
    assert "cue" in _status(nlp_nl, "Wij zijn onderbezet en hebben handen tekort.", "no_time")
    assert "cue" in _status(nlp_nl, "Er is geen tijd voor verbeteren.", "no_time")


def test_cue_matcher_negation_not_only(nlp_nl: Language, nlp_en: Language) -> None:
    assert "cue" in _status(nlp_nl, "Niet alleen werkdruk speelt hier.", "no_time")
    assert "cue" in _status(nlp_en, "It is not only the backlog.", "no_time")


def test_cue_matcher_negation_english(nlp_en: Language) -> None:
    assert "cue" not in _status(nlp_en, "We are not understaffed at all.", "no_time")
    assert "cue" in _status(nlp_en, "We are understaffed and the backlog grows.", "no_time")


def test_cue_matcher_negation_not_overvallen(nlp_nl: Language) -> None:
    assert "cue" not in _status(nlp_nl, "We werden niet overvallen door de nieuwe regels.", "surprise")


def test_cue_matcher_negation_negator_inside_other_cue(nlp_nl: Language) -> None:
    # "zonder" belongs to the cue "zonder overleg"; it must not negate the next cue
    assert "cue" in _status(nlp_nl, "Het KCC werd platgebeld nadat Beleid zonder overleg brieven stuurde.", "surprise")


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Aangenaam verrast: we werden overspoeld met aanmeldingen.", "surprise"),
        ("Iedereen moet samenwerken, ook tussen de eilandjes.", "silos"),
        ("Ik adviseer om een ideeënbus te plaatsen.", "ideas"),
        ("Dat kost tijd en geld, en werkdruk.", "no_time"),
        ("De klant had geen tijd om te wachten.", "no_time"),
    ],
)
def test_cue_matcher_negation_not_cases_dutch(nlp_nl: Language, text: str, theme: str) -> None:
    statuses = _status(nlp_nl, text, theme)
    assert statuses and set(statuses) == {"suppressed"}


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Pleasantly surprised: we were flooded with sign-ups.", "surprise"),
        ("I recommend a suggestion box for the team.", "ideas"),
        ("The customer had no time to wait for the engineer.", "no_time"),
    ],
)
def test_cue_matcher_negation_not_cases_english(nlp_en: Language, text: str, theme: str) -> None:
    statuses = _status(nlp_en, text, theme)
    assert statuses and set(statuses) == {"suppressed"}


def test_cue_matcher_negation_not_case_only_in_its_sentence(nlp_nl: Language) -> None:
    text = "We waren aangenaam verrast en werden overspoeld. Maar toen werden we overvallen door het besluit van ICT."
    assert _status(nlp_nl, text, "surprise") == ["suppressed", "cue"]
