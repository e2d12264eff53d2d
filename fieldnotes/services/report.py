"""Build the report view model (summary page, presentation mode and every export) from the database."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from fieldnotes.domain.codebook import DEFAULT_LABELS_NL
from fieldnotes.domain.enums import CodingStatus, NoteKind
from fieldnotes.domain.report import NetworkEdge, ReportData, ReportPassage, ReportTheme, build_report
from fieldnotes.i18n import t
from fieldnotes.services import network
from fieldnotes.storage.models import Coding, Note, Passage, Project, Suggestion, Theme


@dataclass(frozen=True)
class ReportFilter:
    """Which notes a summary covers; empty means all."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    consultants: tuple[str, ...] = ()
    kinds: tuple[NoteKind, ...] = ()
    include_suggestions: bool = True
    """Count unreviewed model suggestions above threshold as findings (until consultants have coded)."""
    extra: dict[str, str] = field(default_factory=dict)


def theme_label(theme: Theme, lang: str) -> str:
    """Display label: default themes follow the UI language unless the consultant renamed them."""
    if DEFAULT_LABELS_NL.get(theme.key) == theme.label:
        return t(f"theme.{theme.key}", lang)
    return theme.label


def _subtitle(flt: ReportFilter, lang: str) -> str:
    parts = []
    if flt.date_from or flt.date_to:
        parts.append(f"{flt.date_from or '…'} – {flt.date_to or '…'}")
    if flt.consultants:
        parts.append(", ".join(flt.consultants))
    if flt.kinds:
        parts.append(", ".join(t(f"kind.{k.value}", lang) for k in flt.kinds))
    return " · ".join(parts)


def report_data(session: Session, project_id: int, flt: ReportFilter | None = None, lang: str = "nl") -> ReportData:
    """Everything the summary, presentation and exports show, for the filtered notes.

    A passage's findings are the themes a consultant accepted; with `include_suggestions`, also model
    suggestions above threshold that nobody rejected. Rejections always win.
    """
    flt = flt or ReportFilter()
    project = session.get_one(Project, project_id)
    themes = list(
        session.scalars(select(Theme).where(Theme.project_id == project_id, Theme.retired.is_(False)).order_by(Theme.id))
    )
    keys = {th.id: th.key for th in themes}
    stmt = (
        select(Note)
        .where(Note.project_id == project_id, Note.deleted_at.is_(None))
        .options(joinedload(Note.department), joinedload(Note.consultant))
        .order_by(Note.date, Note.id)
    )
    if flt.date_from:
        stmt = stmt.where(Note.date >= flt.date_from)
    if flt.date_to:
        stmt = stmt.where(Note.date <= flt.date_to)
    if flt.kinds:
        stmt = stmt.where(Note.kind.in_(flt.kinds))
    notes = [n for n in session.scalars(stmt).unique() if not flt.consultants or (
        n.consultant is not None and n.consultant.name in flt.consultants)]
    note_by_id = {n.id: n for n in notes}
    passages = list(session.scalars(select(Passage).where(Passage.note_id.in_(note_by_id)).order_by(Passage.note_id, Passage.start)))
    ids = [p.id for p in passages]
    accepted: dict[int, set[str]] = defaultdict(set)
    rejected: dict[int, set[str]] = defaultdict(set)
    for c in session.scalars(select(Coding).where(Coding.passage_id.in_(ids))):
        key = keys.get(c.theme_id)
        if key is None:
            continue
        (accepted if c.status is CodingStatus.ACCEPTED else rejected)[c.passage_id].add(key)
    suggested: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for s in session.scalars(select(Suggestion).where(Suggestion.passage_id.in_(ids), Suggestion.above_threshold)):
        key = keys.get(s.theme_id)
        if key is None or key in rejected[s.passage_id]:
            continue
        if flt.include_suggestions and key not in accepted[s.passage_id]:
            accepted[s.passage_id].add(key)
        else:
            suggested[s.passage_id].append((key, s.score))
    rows: list[ReportPassage] = []
    for p in passages:
        note = note_by_id[p.note_id]
        # Manual selections overlap the automatic passages; counting both would double-count the text.
        if not p.auto and not accepted[p.id]:
            continue
        rows.append(
            ReportPassage(
                note_id=note.external_id or str(note.id),
                department=note.department.name if note.department else None,
                date=note.date,
                consultant=note.consultant.name if note.consultant else None,
                kind=note.kind.value,
                text=p.text,
                accepted=tuple(sorted(accepted[p.id] - rejected[p.id])),
                suggested=tuple(suggested[p.id]),
            )
        )
    graph = network.project_graph(
        session, project_id, date_from=flt.date_from, date_to=flt.date_to,
        consultants=list(flt.consultants) or None, kinds=[k.value for k in flt.kinds] or None,
    )
    edges = [NetworkEdge(a, b, int(d.get("weight", 1))) for a, b, d in graph.edges(data=True)]
    report_themes = [ReportTheme(th.key, theme_label(th, lang), th.color, th.definition) for th in themes]
    return build_report(project.name, report_themes, rows, edges=edges, subtitle=_subtitle(flt, lang), lang=lang)
