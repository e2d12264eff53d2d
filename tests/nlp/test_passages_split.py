"""Splitting notes into passages."""

from __future__ import annotations

from fieldnotes.nlp.passages import split_passages


def test_passages_split_paragraphs_and_offsets() -> None:
    text = "  Eerste alinea. Nog een zin!\n\n\nTweede alinea\nop twee regels.\n \n"
    spans = split_passages(text)
    assert [s.text for s in spans] == ["Eerste alinea. Nog een zin!", "Tweede alinea\nop twee regels."]
    for span in spans:
        assert text[span.start : span.end] == span.text


def test_passages_split_long_paragraph_into_sentence_groups() -> None:
    text = " ".join(f"Dit is zin nummer {i}." for i in range(100))
    spans = split_passages(text, max_chars=200)
    assert len(spans) > 5
    assert all(len(s.text) <= 200 for s in spans)
    assert all(s.text.endswith(".") for s in spans)
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_passages_split_empty() -> None:
    assert split_passages("") == []
    assert split_passages(" \n\n ") == []
