"""Reading passages with their suggestions and codings."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldnotes.domain.coding import EvidenceView, PassageView, SuggestionView, ThemeInfo
from fieldnotes.storage.models import Passage, Suggestion, Theme


def theme_info(theme: Theme) -> ThemeInfo:
    """Plain view of a codebook entry."""
    return ThemeInfo(
        id=theme.id,
        key=theme.key,
        label=theme.label,
        color=theme.color,
        definition=theme.definition,
        inclusion=theme.inclusion,
        exclusion=theme.exclusion,
        cues={k: list(v) for k, v in (theme.cues or {}).items()},
        parent_id=theme.parent_id,
        retired=theme.retired,
    )


def list_themes(session: Session, project_id: int, *, include_retired: bool = False) -> list[ThemeInfo]:
    """The project's codebook in a stable order."""
    stmt = select(Theme).where(Theme.project_id == project_id).order_by(Theme.id)
    if not include_retired:
        stmt = stmt.where(Theme.retired.is_(False))
    return [theme_info(t) for t in session.scalars(stmt)]


def note_passages(session: Session, note_id: int) -> list[PassageView]:
    """The passages of a note with their suggestions, strongest first."""
    passages = list(session.scalars(select(Passage).where(Passage.note_id == note_id).order_by(Passage.start)))
    if not passages:
        return []
    themes = {t.id: theme_info(t) for t in session.scalars(select(Theme).where(Theme.retired.is_(False)))}
    by_passage: dict[int, list[SuggestionView]] = {p.id: [] for p in passages}
    rows = session.scalars(
        select(Suggestion).where(Suggestion.passage_id.in_(by_passage)).order_by(Suggestion.score.desc())
    )
    for s in rows:
        theme = themes.get(s.theme_id)
        if theme is None:
            continue
        evidence = tuple(EvidenceView(e["start"], e["end"], e["text"]) for e in (s.evidence or []))
        by_passage[s.passage_id].append(SuggestionView(theme, s.score, s.above_threshold, s.agent, evidence))
    return [
        PassageView(p.id, p.note_id, p.start, p.end, p.text, p.auto, tuple(by_passage[p.id])) for p in passages
    ]
