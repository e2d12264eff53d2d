"""Culture map use cases: the surprise network of a project, its evidence, and the department mentions behind it.

A passage's surprises count only when the passage carries the surprise theme (a coder accepted it, or the model
suggested it above threshold and no coder rejected it). A passage's departments are its stored mentions: known
ones plus unknown ones the consultant did not ignore. Mentions and candidate surprises are stored per passage by
``tagging.store_departments``; ``reanalyse_departments`` recomputes them after the registry or the ignore list
changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, BinaryIO

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from fieldnotes.domain.enums import CodingStatus
from fieldnotes.domain.errors import NotFoundError, ValidationError
from fieldnotes.network.graph import PassageRecord, build_graph, edges_from, filter_records
from fieldnotes.network.mentions import find_mentions
from fieldnotes.network.registry import DepartmentRegistry
from fieldnotes.network.render import RenderLabels, write_csv_edges, write_gexf, write_graphml, write_html, write_json
from fieldnotes.network.surprises import Surprise, extract_surprises
from fieldnotes.nlp.langid import detect_language
from fieldnotes.services import events, projects, tagging
from fieldnotes.storage.models import Coding, Event, IgnoredMention, Note, Passage, Suggestion, Theme

SURPRISE_THEME = "surprise"
FORMATS = ("json", "html", "graphml", "gexf", "csv")
# Events after which every passage of the project was analysed with the registry of that moment.
_FULL_ANALYSIS = ("departments.reanalyse", "demo.load")

ProgressFn = Callable[[int, int], None]
_NOTE_DETAILS = (
    joinedload(Passage.note).joinedload(Note.consultant),
    joinedload(Passage.note).joinedload(Note.department),
)


@dataclass(frozen=True)
class Quote:
    """One evidence passage for the evidence panel (all strings are untrusted user text)."""

    passage_id: int
    note_id: int
    text: str
    note_title: str | None
    date: dt.date | None
    department: str | None
    consultant: str | None


# --- reading ---------------------------------------------------------------------------------------------------


def _ignored(session: Session, project_id: int) -> set[str]:
    """Casefolded texts of the mentions the consultant ignored."""
    rows = session.scalars(select(IgnoredMention.text).where(IgnoredMention.project_id == project_id))
    return {t.casefold() for t in rows}


def _surprise_passage_ids(session: Session, project_id: int) -> set[int]:
    """Passages carrying the surprise theme: accepted by a coder, or suggested above threshold and not rejected."""
    theme_id = session.scalar(select(Theme.id).where(Theme.project_id == project_id, Theme.key == SURPRISE_THEME))
    if theme_id is None:
        return set()
    decided: dict[int, set[CodingStatus]] = {}
    for pid, status in session.execute(select(Coding.passage_id, Coding.status).where(Coding.theme_id == theme_id)):
        decided.setdefault(pid, set()).add(status)
    suggested = set(session.scalars(
        select(Suggestion.passage_id).where(Suggestion.theme_id == theme_id, Suggestion.above_threshold.is_(True))
    ))
    accepted = {pid for pid, s in decided.items() if CodingStatus.ACCEPTED in s}
    rejected = {pid for pid, s in decided.items() if CodingStatus.REJECTED in s}
    return accepted | (suggested - rejected)


def _live_passages(session: Session, project_id: int) -> list[Passage]:
    stmt = (
        select(Passage)
        .join(Note, Note.id == Passage.note_id)
        .where(Note.project_id == project_id, Note.deleted_at.is_(None))
        .options(*_NOTE_DETAILS)
        .order_by(Note.date.nulls_last(), Note.id, Passage.start, Passage.id)
    )
    return list(session.scalars(stmt).unique())


def _departments(passage: Passage, ignored: set[str]) -> list[str]:
    out: list[str] = []
    for m in passage.mentions or []:
        name = m.get("name")
        if name and name not in out and (m.get("known") or name.casefold() not in ignored):
            out.append(name)
    return out


def _surprises(passage: Passage, ignored: set[str]) -> list[Surprise]:
    """Stored candidate surprises, an ignored (non-department) end set to None."""

    def keep(name: str | None) -> str | None:
        return name if name and name.casefold() not in ignored else None

    return [
        Surprise(keep(s.get("source")), keep(s.get("target")), s.get("evidence", "")) for s in passage.surprises or []
    ]


def _record(passage: Passage, surprise: bool, ignored: set[str]) -> PassageRecord:
    note = passage.note
    return PassageRecord(
        passage_id=str(passage.id),
        note_id=str(note.id),
        date=note.date,
        consultant=note.consultant.name if note.consultant else None,
        kind=note.kind.value if note.kind else None,
        departments=tuple(_departments(passage, ignored)),
        surprises=tuple(_surprises(passage, ignored)) if surprise else (),
    )


def passage_records(session: Session, project_id: int) -> list[PassageRecord]:
    """One record per live passage (notes not in the bin); surprises only for passages with the surprise theme."""
    ignored = _ignored(session, project_id)
    with_theme = _surprise_passage_ids(session, project_id)
    return [_record(p, p.id in with_theme, ignored) for p in _live_passages(session, project_id)]


def _filtered_records(
    session: Session,
    project_id: int,
    date_from: dt.date | None,
    date_to: dt.date | None,
    consultants: Collection[str] | None,
    kinds: Collection[str] | None,
) -> list[PassageRecord]:
    records = passage_records(session, project_id)
    if any(v is not None for v in (date_from, date_to, consultants, kinds)):
        records = filter_records(records, date_from=date_from, date_to=date_to, consultant=consultants, kind=kinds)
    return records


def project_graph(
    session: Session,
    project_id: int,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    consultants: Collection[str] | None = None,
    kinds: Collection[str] | None = None,
) -> nx.DiGraph:
    """The project's surprise network; None for a filter means no restriction (an empty collection matches none)."""
    return build_graph(
        passage_records(session, project_id), date_from=date_from, date_to=date_to,
        consultant=consultants, kind=kinds,
    )


def _quotes(session: Session, passage_ids: list[int]) -> list[Quote]:
    if not passage_ids:
        return []
    stmt = (
        select(Passage)
        .where(Passage.id.in_(passage_ids))
        .options(*_NOTE_DETAILS)
    )
    by_id = {p.id: p for p in session.scalars(stmt).unique()}
    out: list[Quote] = []
    for pid in passage_ids:
        p = by_id.get(pid)
        if p is None:
            continue
        n = p.note
        out.append(Quote(p.id, n.id, p.text, n.title, n.date, n.department.name if n.department else None,
                         n.consultant.name if n.consultant else None))
    return out


def edge_evidence(
    session: Session,
    project_id: int,
    source: str,
    target: str,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    consultants: Collection[str] | None = None,
    kinds: Collection[str] | None = None,
) -> list[Quote]:
    """The passages behind the arrow ``source`` → ``target`` (under the same filters as the graph)."""
    records = _filtered_records(session, project_id, date_from, date_to, consultants, kinds)
    ids = [int(r.passage_id) for r in records if (source, target) in edges_from(r.surprises)]
    return _quotes(session, ids)


def node_evidence(
    session: Session,
    project_id: int,
    department: str,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    consultants: Collection[str] | None = None,
    kinds: Collection[str] | None = None,
) -> list[Quote]:
    """The passages that mention ``department`` or have it at one end of a surprise (as the graph counts them)."""
    records = _filtered_records(session, project_id, date_from, date_to, consultants, kinds)
    ids = [
        int(r.passage_id) for r in records
        if department in r.departments or any(department in pair for pair in edges_from(r.surprises))
    ]
    return _quotes(session, ids)


def surprise_triples(session: Session, project_id: int) -> list[tuple[str, str, int]]:
    """Every surprise edge with its evidence passage: ``(source, target, passage_id)`` (for the REFI-QDA export)."""
    return [
        (a, b, int(r.passage_id)) for r in passage_records(session, project_id) for a, b in edges_from(r.surprises)
    ]


# --- department mentions ---------------------------------------------------------------------------------------


def unknown_mentions(session: Session, project_id: int) -> list[tuple[str, int]]:
    """Department-like mentions the registry does not know and nobody ignored, with their number of passages."""
    ignored = _ignored(session, project_id)
    counts: Counter[str] = Counter()
    for p in _live_passages(session, project_id):
        names = {m["name"] for m in p.mentions or [] if not m.get("known") and m.get("name")}
        counts.update(n for n in names if n.casefold() not in ignored)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))


def _fingerprint(session: Session, project_id: int) -> str:
    """Hash of what department analysis depends on: the registry and the ignore list."""
    registry = projects.department_registry(session, project_id)
    state = {"registry": {name: sorted(aliases) for name, aliases in registry.items()},
             "ignored": sorted(_ignored(session, project_id))}
    return hashlib.sha256(json.dumps(state, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def reanalyse_departments(
    session: Session, project_id: int, progress: ProgressFn | None = None, *, actor: str | None = None
) -> int:
    """Recompute mentions and candidate surprises of every passage (bin included) with the current registry.

    Returns the number of passages analysed.
    """
    registry = tagging.project_registry(session, project_id)
    notes = list(session.scalars(
        select(Note).where(Note.project_id == project_id).options(joinedload(Note.department)).order_by(Note.id)
    ))
    done = 0
    for i, note in enumerate(notes):
        if note.passages:
            lang = note.lang or detect_language(note.text)
            tagging.store_departments(session, note.passages, lang, registry,
                                      note.department.name if note.department else None)
            done += len(note.passages)
        if progress:
            progress(i + 1, len(notes))
    session.flush()
    events.record(session, project_id, actor, "departments.reanalyse", "project", project_id,
                  passages=done, fingerprint=_fingerprint(session, project_id))
    return done


def departments_stale(session: Session, project_id: int) -> bool:
    """True when the registry or ignore list changed since the last full department analysis.

    A full analysis that did not record its registry (the demo load) counts as current unless a department was
    edited after it.
    """
    last = session.scalar(
        select(Event).where(Event.project_id == project_id, Event.action.in_(_FULL_ANALYSIS)).order_by(Event.id.desc())
    )
    if last is None:
        return session.scalar(select(Passage.id).join(Note).where(Note.project_id == project_id).limit(1)) is not None
    recorded = (last.payload or {}).get("fingerprint")
    if recorded is not None:
        return bool(recorded != _fingerprint(session, project_id))
    edited = session.scalar(
        select(Event.id).where(Event.project_id == project_id, Event.action.like("department.%"), Event.id > last.id)
    )
    return edited is not None


def ensure_departments_current(
    session: Session, project_id: int, progress: ProgressFn | None = None, *, actor: str | None = None
) -> bool:
    """Reanalyse department mentions when the registry changed (e.g. in the settings); True when it did."""
    if not departments_stale(session, project_id):
        return False
    reanalyse_departments(session, project_id, progress, actor=actor)
    return True


def add_mention_as_department(
    session: Session,
    project_id: int,
    name: str,
    alias_of: str | None = None,
    *,
    actor: str | None = None,
    progress: ProgressFn | None = None,
) -> None:
    """Add an unknown mention to the registry, as a new department or as an alias of ``alias_of``; reanalyse."""
    name = name.strip()
    if not name:
        raise ValidationError("error.empty_name")
    if alias_of is None:
        projects.save_department(session, project_id, name, [], actor=actor)
    else:
        dept = projects.find_department(session, project_id, alias_of)
        if dept is None:
            raise NotFoundError("error.no_such_department", name=alias_of)
        projects.save_department(session, project_id, dept.name, [a.alias for a in dept.aliases] + [name],
                                 original_name=dept.name, actor=actor)
    for row in session.scalars(select(IgnoredMention).where(IgnoredMention.project_id == project_id)):
        if row.text.casefold() == name.casefold():
            session.delete(row)
    session.flush()
    events.record(session, project_id, actor, "mention.add", "department", None, name=name, alias_of=alias_of)
    reanalyse_departments(session, project_id, progress, actor=actor)


def ignore_mention(
    session: Session, project_id: int, name: str, *, actor: str | None = None, progress: ProgressFn | None = None
) -> None:
    """Stop offering (and counting) a mention that is not a department; reanalyse."""
    name = name.strip()
    if not name:
        raise ValidationError("error.empty_name")
    if name.casefold() not in _ignored(session, project_id):
        session.add(IgnoredMention(project_id=project_id, text=name))
        session.flush()
    events.record(session, project_id, actor, "mention.ignore", "ignored_mention", None, name=name)
    reanalyse_departments(session, project_id, progress, actor=actor)


def analyse_passage_departments(session: Session, passage: Passage) -> None:
    """Mentions and candidate surprises of one passage (a consultant's own selection) with the current registry."""
    note = passage.note
    lang = note.lang or detect_language(note.text)
    tagging.store_departments(session, [passage], lang, tagging.project_registry(session, note.project_id),
                              note.department.name if note.department else None)


# --- CLI --------------------------------------------------------------------------------------------------------


def tag_output_extras(
    text: str,
    lang: str,
    registry: DepartmentRegistry | dict[str, list[str]] | None,
    observed: str | None,
    has_surprise: bool,
) -> dict[str, Any]:
    """Departments and surprises for one text of `fieldnotes tag`.

    ``departments``: names mentioned (canonical with a registry, as written without one); ``surprises`` only when
    the tagger scored the text as possibly a surprise (``has_surprise``). Pass a built `DepartmentRegistry` when tagging many
    texts, so its matcher is built once.
    """
    if isinstance(registry, dict):
        registry = DepartmentRegistry(registry) if registry else None
    if observed and registry is not None:
        observed = registry.lookup(observed) or observed
    departments: list[str] = []
    for m in find_mentions(text, lang, registry):
        if m.name not in departments:
            departments.append(m.name)
    surprises = extract_surprises(text, lang, registry, observed) if has_surprise else []
    return {
        "departments": departments,
        "surprises": [{"source": s.source, "target": s.target, "evidence": s.evidence} for s in surprises],
    }


def write_network(
    session: Session,
    project_id: int,
    fmt: str,
    fp: BinaryIO,
    *,
    lang: str = "nl",
    labels: RenderLabels | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    consultants: Collection[str] | None = None,
    kinds: Collection[str] | None = None,
) -> nx.DiGraph:
    """Write the (filtered) surprise network as json, html, graphml, gexf or csv (From, To, Weight) to ``fp``.

    The department analysis is brought up to date with the registry first. Returns the graph written.
    """
    if fmt not in FORMATS:
        raise ValidationError("error.network_format", value=fmt, formats=", ".join(FORMATS))
    ensure_departments_current(session, project_id)
    g = project_graph(session, project_id, date_from=date_from, date_to=date_to, consultants=consultants, kinds=kinds)
    if fmt == "html":
        write_html(g, fp, lang=lang, labels=labels)
    else:
        {"json": write_json, "graphml": write_graphml, "gexf": write_gexf, "csv": write_csv_edges}[fmt](g, fp)
    return g
