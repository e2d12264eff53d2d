"""Passages, suggestions and codings as the upper layers see them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fieldnotes.domain.enums import CodingSource, CodingStatus


@dataclass(frozen=True)
class ThemeInfo:
    """A codebook entry for display and coding."""

    id: int
    key: str
    label: str
    color: str
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    cues: dict[str, list[str]] = field(default_factory=dict)
    parent_id: int | None = None
    retired: bool = False


@dataclass(frozen=True)
class EvidenceView:
    """Where in a passage the words that triggered a suggestion are (offsets relative to the passage)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class SuggestionView:
    """A machine suggestion: theme, score, whether it passes the threshold, and its evidence."""

    theme: ThemeInfo
    score: float
    above_threshold: bool
    agent: str
    evidence: tuple[EvidenceView, ...]


@dataclass(frozen=True)
class CodingView:
    """A human decision on a passage and theme."""

    id: int
    theme: ThemeInfo
    source: CodingSource
    agent: str | None
    score: float | None
    status: CodingStatus
    user: str
    decided_at: dt.datetime


@dataclass(frozen=True)
class PassageView:
    """A passage of a note with its suggestions and (the current coder's) codings."""

    id: int
    note_id: int
    start: int
    end: int
    text: str
    auto: bool
    suggestions: tuple[SuggestionView, ...]
    codings: tuple[CodingView, ...] = ()
