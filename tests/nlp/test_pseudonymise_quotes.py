"""Pseudonymising a report's quotes: new quotes plus a review list; department names are kept."""

from __future__ import annotations

from fieldnotes.domain.report import Quote
from fieldnotes.nlp.pseudonymise import pseudonymise_quotes


def test_pseudonymise_quotes_review_list() -> None:
    quotes = {
        "silos": (Quote("silos", "Sanne van Backoffice zei dat Sanne nooit iets hoort.", "Backoffice", "N1",
                        True, None),),
        "ideas": (Quote("ideas", "Geen namen hier.", "ICT", "N2", False, 0.8),),
    }
    new, review = pseudonymise_quotes(quotes, known_names=["Sanne van Backoffice", "Sanne"], use_deduce=False)
    assert new["silos"][0].text == "[PERSOON-1] van Backoffice zei dat [PERSOON-1] nooit iets hoort."
    assert new["silos"][0].department == "Backoffice" and new["silos"][0].note_id == "N1"
    assert new["ideas"] == quotes["ideas"]
    original, result = review[0]
    assert original is quotes["silos"][0]
    assert [(r.original, r.start, r.end) for r in result.replacements] == [("Sanne", 0, 5), ("Sanne", 29, 34)]
