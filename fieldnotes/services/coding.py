"""Coding use cases: passages with suggestions, human decisions (accept, reject, add, undo) and memos."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from fieldnotes.domain.coding import CodingView, EvidenceView, PassageView, SuggestionView, ThemeInfo
from fieldnotes.domain.enums import CodingSource, CodingStatus
from fieldnotes.domain.errors import NotFoundError, ValidationError
from fieldnotes.domain.notes import NoteFilter, NoteRecord
from fieldnotes.services import events, notes, projects
from fieldnotes.storage.models import Coding, Consultant, Event, Memo, Note, Passage, Suggestion, Theme, utcnow


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


# --- human decisions -------------------------------------------------------------------------------


def _coding_state(c: Coding | None) -> dict[str, object] | None:
    if c is None:
        return None
    return {"status": c.status.value, "source": c.source.value, "agent": c.agent, "score": c.score}


def _user_id(session: Session, project_id: int, user: str | None) -> int:
    if not user:
        raise ValidationError("error.no_user")
    uid = projects.consultant_id(session, project_id, user)
    assert uid is not None
    return uid


def decide(
    session: Session,
    project_id: int,
    passage_id: int,
    theme_id: int,
    status: CodingStatus,
    user: str | None,
) -> CodingView:
    """Accept or reject a theme on a passage for one coder (an add is an accept without a suggestion).

    The machine's suggestion is left untouched; the decision copies its agent and score for provenance.
    """
    if status is CodingStatus.SUGGESTED:
        raise ValidationError("error.bad_status")
    passage = session.get(Passage, passage_id)
    theme = session.get(Theme, theme_id)
    if passage is None or theme is None or theme.project_id != project_id or passage.note.project_id != project_id:
        raise NotFoundError("error.no_such_passage", id=passage_id)
    if theme.retired and status is CodingStatus.ACCEPTED:
        raise ValidationError("error.theme_retired", label=theme.label)
    uid = _user_id(session, project_id, user)
    suggestion = session.scalar(
        select(Suggestion).where(Suggestion.passage_id == passage_id, Suggestion.theme_id == theme_id)
    )
    coding = session.scalar(
        select(Coding).where(Coding.passage_id == passage_id, Coding.theme_id == theme_id, Coding.user_id == uid)
    )
    before = _coding_state(coding)
    if coding is None:
        coding = Coding(passage_id=passage_id, theme_id=theme_id, user_id=uid)
        session.add(coding)
    coding.source = CodingSource.MODEL if suggestion is not None and suggestion.above_threshold else CodingSource.HUMAN
    coding.agent = suggestion.agent if suggestion is not None else None
    coding.score = suggestion.score if suggestion is not None else None
    coding.status = status
    coding.decided_at = utcnow()
    session.flush()
    events.record(
        session, project_id, user, f"coding.{status.value}", "coding", coding.id,
        passage_id=passage_id, theme_id=theme_id, before=before, after=_coding_state(coding),
    )
    return _coding_view(session, coding)


def add_selection(
    session: Session, project_id: int, note_id: int, start: int, end: int, theme_id: int, user: str | None
) -> CodingView:
    """Code any stretch of a note (character offsets) with a theme; the stretch becomes a passage."""
    note = session.get(Note, note_id)
    if note is None or note.project_id != project_id or note.deleted_at is not None:
        raise NotFoundError("error.no_such_note", id=note_id)
    if not (0 <= start < end <= len(note.text)):
        raise ValidationError("error.bad_selection", start=start, end=end, length=len(note.text))
    passage = session.scalar(
        select(Passage).where(Passage.note_id == note_id, Passage.start == start, Passage.end == end)
    )
    if passage is None:
        passage = Passage(note_id=note_id, start=start, end=end, text=note.text[start:end], auto=False)
        session.add(passage)
        session.flush()
        from fieldnotes.services import network  # spaCy loads only when a selection is coded

        network.analyse_passage_departments(session, passage)
        events.record(session, project_id, user, "passage.create", "passage", passage.id, start=start, end=end)
    return decide(session, project_id, passage.id, theme_id, CodingStatus.ACCEPTED, user)


def undo_last(session: Session, project_id: int, user: str | None) -> bool:
    """Undo the coder's most recent coding decision that is not undone yet; False when there is none."""
    undone = {
        int(e.payload.get("undoes", 0))
        for e in session.scalars(
            select(Event).where(Event.project_id == project_id, Event.action == "coding.undo", Event.actor == user)
        )
    }
    candidates = session.scalars(
        select(Event)
        .where(
            Event.project_id == project_id,
            Event.actor == user,
            Event.action.in_(("coding.accepted", "coding.rejected")),
        )
        .order_by(Event.id.desc())
    )
    target = next((e for e in candidates if e.id not in undone), None)
    if target is None:
        return False
    coding = session.get(Coding, target.entity_id) if target.entity_id else None
    before = target.payload.get("before")
    if coding is not None:
        if before is None:
            session.delete(coding)
        else:
            coding.status = CodingStatus(before["status"])
            coding.source = CodingSource(before["source"])
            coding.agent = before["agent"]
            coding.score = before["score"]
            coding.decided_at = utcnow()
    events.record(session, project_id, user, "coding.undo", "coding", target.entity_id, undoes=target.id)
    return True


def _coding_view(session: Session, c: Coding) -> CodingView:
    theme = session.get_one(Theme, c.theme_id)
    user = session.get_one(Consultant, c.user_id)
    return CodingView(c.id, theme_info(theme), c.source, c.agent, c.score, c.status, user.name, c.decided_at)


def passage_codings(session: Session, passage_ids: list[int], user: str | None) -> dict[int, list[CodingView]]:
    """The coder's own decisions per passage (each coder sees only their own until they compare)."""
    out: dict[int, list[CodingView]] = {pid: [] for pid in passage_ids}
    if not passage_ids or not user:
        return out
    stmt = (
        select(Coding)
        .join(Consultant, Consultant.id == Coding.user_id)
        .where(Coding.passage_id.in_(passage_ids), Consultant.name == user)
    )
    for c in session.scalars(stmt):
        out[c.passage_id].append(_coding_view(session, c))
    return out


# --- memos ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemoView:
    """A memo on a note or a passage."""

    id: int
    note_id: int | None
    passage_id: int | None
    user: str | None
    text: str
    updated_at: dt.datetime


def save_memo(
    session: Session,
    project_id: int,
    text: str,
    user: str | None,
    *,
    note_id: int | None = None,
    passage_id: int | None = None,
    memo_id: int | None = None,
) -> MemoView:
    """Create or edit a memo attached to a note or a passage."""
    if not text.strip():
        raise ValidationError("error.empty_text")
    uid = projects.consultant_id(session, project_id, user)
    if memo_id is not None:
        memo = session.get(Memo, memo_id)
        if memo is None or memo.project_id != project_id:
            raise NotFoundError("error.no_such_memo", id=memo_id)
        memo.text, memo.updated_at = text, utcnow()
        action = "memo.update"
    else:
        if (note_id is None) == (passage_id is None):
            raise ValidationError("error.memo_target")
        memo = Memo(project_id=project_id, note_id=note_id, passage_id=passage_id, user_id=uid, text=text)
        session.add(memo)
        action = "memo.create"
    session.flush()
    events.record(session, project_id, user, action, "memo", memo.id, note_id=note_id, passage_id=passage_id)
    return MemoView(memo.id, memo.note_id, memo.passage_id, user, memo.text, memo.updated_at)


def delete_memo(session: Session, project_id: int, memo_id: int, user: str | None) -> None:
    """Remove a memo (its text stays in the event log, so it can be recovered)."""
    memo = session.get(Memo, memo_id)
    if memo is None or memo.project_id != project_id:
        raise NotFoundError("error.no_such_memo", id=memo_id)
    events.record(session, project_id, user, "memo.delete", "memo", memo.id, text=memo.text)
    session.delete(memo)


def note_memos(session: Session, note_id: int) -> list[MemoView]:
    """Memos on a note and on its passages, oldest first."""
    stmt = (
        select(Memo, Consultant.name)
        .outerjoin(Consultant, Consultant.id == Memo.user_id)
        .outerjoin(Passage, Passage.id == Memo.passage_id)
        .where(or_(Memo.note_id == note_id, Passage.note_id == note_id))
        .order_by(Memo.id)
    )
    return [MemoView(m.id, m.note_id, m.passage_id, name, m.text, m.updated_at) for m, name in session.execute(stmt)]


# --- the coding view --------------------------------------------------------------------------------


def coder_passages(session: Session, note_id: int, user: str | None) -> list[PassageView]:
    """The passages of a note with their suggestions and the coder's own decisions (nobody else's)."""
    passages = note_passages(session, note_id)
    codings = passage_codings(session, [p.id for p in passages], user)
    return [replace(p, codings=tuple(codings[p.id])) for p in passages]


def open_suggestions(passage: PassageView, *, above_threshold_only: bool = True) -> list[SuggestionView]:
    """Suggestions of a passage the coder has not decided yet, strongest first (above-threshold ones only, or all)."""
    decided = {c.theme.id for c in passage.codings}
    pending = [
        s for s in passage.suggestions if s.theme.id not in decided and (s.above_threshold or not above_threshold_only)
    ]
    return sorted(pending, key=lambda s: (not s.above_threshold, -s.score))


@dataclass(frozen=True)
class CodingFilter:
    """Which notes the coding view offers; status is judged for the current coder only."""

    theme_id: int | None = None
    status: CodingStatus | Literal["uncoded"] | None = None
    departments: tuple[str, ...] = ()
    consultants: tuple[str, ...] = ()


def coding_notes(
    session: Session, project_id: int, user: str | None, flt: CodingFilter | None = None
) -> list[NoteRecord]:
    """Live notes matching the coding filters, newest first.

    Theme: the note has a passage where the theme is suggested above threshold or decided by the coder.
    Status `suggested`: an above-threshold suggestion the coder has not decided; `accepted`/`rejected`: a decision
    of the coder with that status; `uncoded`: no decision of the coder at all (on that theme when one is given).
    """
    flt = flt or CodingFilter()
    records = notes.list_notes(
        session, project_id, NoteFilter(departments=flt.departments, consultants=flt.consultants)
    )
    if flt.theme_id is None and flt.status is None:
        return records
    by_note: dict[int, list[int]] = {}
    passage_note: dict[int, int] = {}
    for pid, nid in session.execute(
        select(Passage.id, Passage.note_id).where(Passage.note_id.in_([r.id for r in records]))
    ):
        by_note.setdefault(nid, []).append(pid)
        passage_note[pid] = nid
    suggested: dict[int, set[tuple[int, int]]] = {}
    for pid, tid in session.execute(
        select(Suggestion.passage_id, Suggestion.theme_id).where(
            Suggestion.passage_id.in_(passage_note), Suggestion.above_threshold.is_(True)
        )
    ):
        suggested.setdefault(passage_note[pid], set()).add((pid, tid))
    decided: dict[int, dict[tuple[int, int], CodingStatus]] = {}
    uid = session.scalar(
        select(Consultant.id).where(Consultant.project_id == project_id, Consultant.name == user)
    ) if user else None
    if uid is not None:
        for pid, tid, status in session.execute(
            select(Coding.passage_id, Coding.theme_id, Coding.status).where(
                Coding.passage_id.in_(passage_note), Coding.user_id == uid
            )
        ):
            decided.setdefault(passage_note[pid], {})[(pid, tid)] = status

    def wanted(pair: tuple[int, int]) -> bool:
        return flt.theme_id is None or pair[1] == flt.theme_id

    def keep(note_id: int) -> bool:
        mine = {k: v for k, v in decided.get(note_id, {}).items() if wanted(k)}
        sugg = {k for k in suggested.get(note_id, set()) if wanted(k)}
        if flt.status is None:
            return bool(mine or sugg)
        if flt.status == "uncoded":
            return not mine and (flt.theme_id is None or bool(sugg))
        if flt.status is CodingStatus.SUGGESTED:
            return bool(sugg - set(mine))
        return flt.status in mine.values()

    return [r for r in records if keep(r.id)]


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Character offsets of every exact occurrence of `quote` in `text` (overlaps included), in order."""
    if not quote:
        return []
    found: list[tuple[int, int]] = []
    start = text.find(quote)
    while start >= 0:
        found.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return found
