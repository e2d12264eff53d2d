"""Split notes into passages and store the tagger's theme suggestions for them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fieldnotes.network.mentions import find_mentions
from fieldnotes.network.registry import DepartmentRegistry
from fieldnotes.network.surprises import extract_surprises
from fieldnotes.nlp.langid import detect_language
from fieldnotes.nlp.passages import split_passages
from fieldnotes.nlp.project_model import MODEL_FILE, ProjectTagger, load_project_tagger
from fieldnotes.nlp.tagger import Tagger, TagResult
from fieldnotes.services import projects
from fieldnotes.storage.models import IgnoredMention, ModelVersion, Note, Passage, Suggestion, Theme

ProgressFn = Callable[[int, int], None]


def theme_ids(session: Session, project_id: int) -> dict[str, int]:
    """Theme key -> Theme row id of a project (model theme keys map to the project's themes by key)."""
    rows = session.execute(select(Theme.key, Theme.id).where(Theme.project_id == project_id))
    return {key: tid for key, tid in rows}


def project_tagger(session: Session, project_id: int) -> Tagger | ProjectTagger:
    """The project's active model (a retrained `ModelVersion`), or the shipped model when there is none."""
    path = session.scalar(
        select(ModelVersion.path).where(ModelVersion.project_id == project_id, ModelVersion.active)
    )
    if path is not None and any((Path(path) / name).exists() for name in (MODEL_FILE, "tagger.json")):
        return load_project_tagger(Path(path))
    return Tagger.load()


def _resplit(session: Session, note: Note) -> list[Passage]:
    """Replace the automatic passages of a note, keeping those (and their codings) whose text is still there."""
    spans = split_passages(note.text)
    old = {(p.start, p.end, p.text): p for p in note.passages if p.auto}
    keep: list[Passage] = []
    for span in spans:
        existing = old.pop((span.start, span.end, span.text), None)
        if existing is None:
            existing = Passage(start=span.start, end=span.end, text=span.text, auto=True)
            note.passages.append(existing)
        keep.append(existing)
    for stale in old.values():
        moved = note.text.find(stale.text)
        if stale.text and moved >= 0 and not any(p.start == moved for p in keep):
            stale.start, stale.end = moved, moved + len(stale.text)
            stale.auto = False
        else:
            session.delete(stale)
    for manual in [p for p in note.passages if not p.auto]:
        if note.text[manual.start : manual.end] != manual.text:
            moved = note.text.find(manual.text)
            if moved >= 0:
                manual.start, manual.end = moved, moved + len(manual.text)
            else:
                session.delete(manual)
    session.flush()
    return [p for p in keep]


def store_suggestions(
    session: Session, passages: Sequence[Passage], results: Sequence[TagResult], agent: str, theme_ids: dict[str, int]
) -> None:
    """Replace the machine suggestions of the given passages by new tagger results."""
    ids = [p.id for p in passages]
    if ids:
        # Replace only this model's themes: cue-word suggestions for user-defined themes stay.
        model_themes = [tid for key, tid in theme_ids.items() if key in results[0].scores] if results else []
        session.execute(
            delete(Suggestion).where(Suggestion.passage_id.in_(ids), Suggestion.theme_id.in_(model_themes))
        )
    for passage, result in zip(passages, results, strict=True):
        for key, score in result.scores.items():
            theme_id = theme_ids.get(key)
            if theme_id is None or score <= 0.0:
                continue
            spans = [
                {"start": s.start, "end": s.end, "text": s.text} for s in result.spans if s.theme == key
            ]
            session.add(
                Suggestion(
                    passage_id=passage.id,
                    theme_id=theme_id,
                    agent=agent,
                    score=round(float(score), 4),
                    above_threshold=key in result.themes,
                    evidence=spans,
                )
            )


def project_registry(session: Session, project_id: int) -> DepartmentRegistry:
    """The project's department registry for mention detection."""
    return DepartmentRegistry(projects.department_registry(session, project_id))


def store_departments(
    session: Session, passages: Sequence[Passage], lang: str, registry: DepartmentRegistry, observed: str | None
) -> None:
    """Record each passage's department mentions and candidate surprise edges (used by the culture map)."""
    ignored = {
        t.casefold()
        for t in session.scalars(
            select(IgnoredMention.text).where(IgnoredMention.project_id == passages[0].note.project_id)
        )
    } if passages else set()
    for passage in passages:
        mentions: list[dict[str, object]] = []
        seen: set[str] = set()
        for m in find_mentions(passage.text, lang, registry):
            if m.name.casefold() in ignored or m.name in seen:
                continue
            seen.add(m.name)
            mentions.append({"name": m.name, "known": m.known})
        passage.mentions = mentions
        passage.surprises = [
            {"source": s.source, "target": s.target, "evidence": s.evidence}
            for s in extract_surprises(passage.text, lang, registry, observed)
        ]


def analyse_notes(
    session: Session,
    notes: Sequence[Note],
    *,
    langs: Sequence[str | None] | None = None,
    progress: ProgressFn | None = None,
) -> int:
    """Split every note into passages and tag them; a note's language is given in `langs` or detected.

    Returns the number of passages tagged.
    """
    if not notes:
        return 0
    tagger = project_tagger(session, notes[0].project_id)
    ids = theme_ids(session, notes[0].project_id)
    registry = project_registry(session, notes[0].project_id)
    done = 0
    for i, note in enumerate(notes):
        given = langs[i] if langs is not None else None
        note.lang = given or detect_language(note.text)
        passages = _resplit(session, note)
        results = tagger.tag_many([p.text for p in passages], langs=[note.lang] * len(passages))
        store_suggestions(session, passages, results, tagger.version, ids)
        store_departments(session, passages, note.lang, registry, note.department.name if note.department else None)
        done += len(passages)
        if progress:
            progress(i + 1, len(notes))
    session.flush()
    _refresh_cue_themes(session, notes[0].project_id, tagger.theme_keys)
    return done


def _refresh_cue_themes(session: Session, project_id: int, model_keys: Sequence[str]) -> None:
    """Themes the model does not know yet get their suggestions from cue words, also on new passages."""
    from fieldnotes.services import codebook

    rows = session.execute(
        select(Theme.id, Theme.cues).where(
            Theme.project_id == project_id, Theme.retired.is_(False), Theme.key.not_in(list(model_keys))
        )
    )
    for theme_id, cues in rows.all():
        if isinstance(cues, dict) and any(cues.get(lang) for lang in ("nl", "en")):
            codebook.suggest_from_cues(session, project_id, theme_id)
