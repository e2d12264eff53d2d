"""Splitting a field note into passages for coding: paragraphs, and long paragraphs into sentence groups."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
# A sentence ends at . ! ? or … (optionally followed by closing quotes/brackets) before whitespace.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")


@dataclass(frozen=True)
class PassageSpan:
    """A passage of a note: `text == note[start:end]`."""

    start: int
    end: int
    text: str


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of sentence-like pieces of text[start:end], trimmed; linear time."""
    end = len(text) if end is None else end
    position = start
    for match in _SENTENCE_END.finditer(text, start, end):
        s, e = _trimmed(text, position, match.end())
        if e > s:
            yield s, e
        position = match.end()
    s, e = _trimmed(text, position, end)
    if e > s:
        yield s, e


def group_sentences(text: str, start: int, end: int, max_chars: int) -> Iterator[tuple[int, int]]:
    """Group consecutive sentences of text[start:end] into pieces of at most ~max_chars (a longer sentence stays whole)."""
    group_start: int | None = None
    group_end = start
    for s, e in sentence_spans(text, start, end):
        if group_start is not None and e - group_start > max_chars:
            yield group_start, group_end
            group_start = None
        if group_start is None:
            group_start = s
        group_end = e
    if group_start is not None:
        yield group_start, group_end


def split_passages(text: str, *, max_chars: int = 600) -> list[PassageSpan]:
    """Paragraphs of a note (blank-line separated); paragraphs longer than max_chars become sentence groups."""
    spans: list[PassageSpan] = []
    position = 0
    bounds = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)] + [(len(text), len(text))]
    for break_start, break_end in bounds:
        s, e = _trimmed(text, position, break_start)
        position = break_end
        if e <= s:
            continue
        pieces = [(s, e)] if e - s <= max_chars else list(group_sentences(text, s, e, max_chars))
        spans.extend(PassageSpan(ps, pe, text[ps:pe]) for ps, pe in pieces)
    return spans
