"""Dutch/English language identification."""

from __future__ import annotations

from fieldnotes.nlp.langid import detect_language, detect_languages, detector


def test_langid_detection_dutch_and_english() -> None:
    assert detect_language("Wij hebben te weinig mensen voor al het werk.") == "nl"
    assert detect_language("We do not have enough people for all the work.") == "en"
    assert detect_language("Onderbezet.") == "nl"
    assert detect_language("Understaffed.") == "en"


def test_langid_detection_other_language_goes_to_closest() -> None:
    assert detect_language("Wir haben zu wenig Leute und die Arbeit ist nicht zu schaffen.") in {"nl", "en"}
    assert detect_language("Nous n'avons pas assez de personnel.") in {"nl", "en"}


def test_langid_detection_batch_and_cache() -> None:
    texts = ["Het KCC werd platgebeld.", "The contact centre was flooded with calls.", "KCC"]
    assert detect_languages(texts)[:2] == ["nl", "en"]
    assert detector() is detector()
