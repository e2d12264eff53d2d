"""Codebook editor use cases: add, edit (rename), merge, retire and unretire themes, and cue-word suggestions.

Every change is one transaction of the caller and appends an event. A new theme (or a theme whose cue words
change) gets machine suggestions at once from its cue words (`suggest_from_cues`, agent "cues"); human codings
are never touched by that.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import fieldnotes.nlp.lemmatizer  # noqa: F401  (registers fieldnotes_lemmatizer)
from fieldnotes.domain.coding import ThemeInfo
from fieldnotes.domain.enums import CodingSource, CodingStatus, Language as Lang
from fieldnotes.domain.errors import NotFoundError, ValidationError
from fieldnotes.nlp.cue_matcher import CueHit, CueMatcher, cue_hits
from fieldnotes.services import events
from fieldnotes.services.coding import theme_info
from fieldnotes.storage.models import Coding, Note, Passage, Suggestion, Theme

CUE_AGENT = "cues"
"""The agent of suggestions made from a theme's cue words."""
CUE_SCORE = 0.6
"""Score of a passage with one cue match; each further match adds CUE_STEP, up to CUE_SCORE_CAP."""
CUE_STEP = 0.1
CUE_SCORE_CAP = 0.9
MAX_LABEL = 200
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
EDITABLE = ("label", "definition", "inclusion", "exclusion", "cues", "color", "parent_id")


@dataclass(frozen=True)
class ThemeUsage:
    """How much a theme is used: machine suggestions (above threshold) and human decisions."""

    suggestions: int
    accepted: int
    rejected: int


@dataclass(frozen=True)
class MergeReport:
    """What a merge moved and how clashes were resolved."""

    codings_moved: int
    codings_combined: int
    suggestions_moved: int
    suggestions_combined: int


def _theme(session: Session, project_id: int, theme_id: int) -> Theme:
    theme = session.get(Theme, theme_id)
    if theme is None or theme.project_id != project_id:
        raise NotFoundError("error.no_such_theme", id=theme_id)
    return theme


def clean_cues(cues: Mapping[str, Sequence[str]] | None) -> dict[str, list[str]]:
    """Cue words per supported language: trimmed, without empties or case-insensitive duplicates."""
    out: dict[str, list[str]] = {}
    for lang in (Lang.NL.value, Lang.EN.value):
        seen: set[str] = set()
        words: list[str] = []
        for word in (cues or {}).get(lang, []):
            word = " ".join(str(word).split())
            if word and word.casefold() not in seen:
                seen.add(word.casefold())
                words.append(word)
        out[lang] = words
    return out


def _clean_label(session: Session, project_id: int, label: str, theme_id: int | None) -> str:
    label = " ".join(label.split())
    if not label:
        raise ValidationError("error.empty_name")
    if len(label) > MAX_LABEL:
        raise ValidationError("error.field_too_long", field="label", limit=MAX_LABEL)
    for other_id, other in session.execute(select(Theme.id, Theme.label).where(Theme.project_id == project_id)):
        if other_id != theme_id and other.casefold() == label.casefold():
            raise ValidationError("error.theme_exists", label=label)
    return label


def _clean_color(color: str) -> str:
    """Only #rrggbb: the colour ends up in a style attribute, so nothing else may get through."""
    color = color.strip()
    if not _COLOR.match(color):
        raise ValidationError("error.bad_color", value=color[:20])
    return color.lower()


def _check_parent(session: Session, project_id: int, theme_id: int | None, parent_id: int | None) -> None:
    """The parent exists in the project and is not the theme itself or one of its descendants."""
    if parent_id is None:
        return
    parent = _theme(session, project_id, parent_id)
    seen: set[int] = set()
    node: Theme | None = parent
    while node is not None and node.id not in seen:
        if node.id == theme_id:
            raise ValidationError("error.theme_cycle", label=parent.label)
        seen.add(node.id)
        node = session.get(Theme, node.parent_id) if node.parent_id is not None else None


def _slug(label: str) -> str:
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_label.lower()).strip("_")[:80] or "theme"


def _unique_key(session: Session, project_id: int, label: str) -> str:
    taken = set(session.scalars(select(Theme.key).where(Theme.project_id == project_id)))
    base = _slug(label)
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def _state(theme: Theme) -> dict[str, Any]:
    return {name: getattr(theme, name) for name in EDITABLE}


def add_theme(
    session: Session,
    project_id: int,
    label: str,
    *,
    definition: str = "",
    inclusion: str = "",
    exclusion: str = "",
    cues: Mapping[str, Sequence[str]] | None = None,
    color: str = "#888888",
    parent_id: int | None = None,
    actor: str | None = None,
) -> ThemeInfo:
    """Create a theme (its key is derived from the label) and suggest it at once wherever its cue words occur."""
    label = _clean_label(session, project_id, label, None)
    _check_parent(session, project_id, None, parent_id)
    theme = Theme(
        project_id=project_id,
        key=_unique_key(session, project_id, label),
        label=label,
        definition=definition.strip(),
        inclusion=inclusion.strip(),
        exclusion=exclusion.strip(),
        cues=clean_cues(cues),
        color=_clean_color(color),
        parent_id=parent_id,
        retired=False,
    )
    session.add(theme)
    session.flush()
    events.record(session, project_id, actor, "theme.create", "theme", theme.id, key=theme.key, after=_state(theme))
    suggest_from_cues(session, project_id, theme.id, actor=actor)
    return theme_info(theme)


def update_theme(
    session: Session, project_id: int, theme_id: int, *, actor: str | None = None, **changes: Any
) -> ThemeInfo:
    """Edit (and rename) a theme: any of label, definition, inclusion, exclusion, cues, color, parent_id.

    The key stays as it is (the tagger and exports refer to it). Changed cue words refresh the cue suggestions.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    theme = _theme(session, project_id, theme_id)
    before = _state(theme)
    if "label" in changes:
        theme.label = _clean_label(session, project_id, changes["label"], theme.id)
    for name in ("definition", "inclusion", "exclusion"):
        if name in changes:
            setattr(theme, name, str(changes[name]).strip())
    if "color" in changes:
        theme.color = _clean_color(changes["color"])
    if "parent_id" in changes:
        _check_parent(session, project_id, theme.id, changes["parent_id"])
        theme.parent_id = changes["parent_id"]
    if "cues" in changes:
        theme.cues = clean_cues(changes["cues"])
    after = _state(theme)
    changed = {k: after[k] for k in EDITABLE if after[k] != before[k]}
    if not changed:
        return theme_info(theme)
    session.flush()
    events.record(
        session, project_id, actor, "theme.update", "theme", theme.id,
        before={k: before[k] for k in changed}, after=changed,
    )
    if "cues" in changed:
        suggest_from_cues(session, project_id, theme.id, actor=actor)
    return theme_info(theme)


def set_retired(session: Session, project_id: int, theme_id: int, retired: bool, actor: str | None = None) -> None:
    """Retire a theme (hidden from coding and suggestions, its codings kept) or bring it back."""
    theme = _theme(session, project_id, theme_id)
    if theme.retired == retired:
        return
    theme.retired = retired
    session.flush()
    events.record(session, project_id, actor, "theme.retire" if retired else "theme.unretire", "theme", theme.id)


def _merge_status(a: CodingStatus, b: CodingStatus) -> CodingStatus:
    """A coder who accepted either theme accepted the merged theme."""
    return CodingStatus.ACCEPTED if CodingStatus.ACCEPTED in (a, b) else b


def merge_themes(
    session: Session, project_id: int, source_id: int, target_id: int, actor: str | None = None
) -> MergeReport:
    """Move the codings and suggestions of theme `source` into `target`, then retire `source`.

    Clashes with the (passage, theme, coder) and (passage, theme) unique constraints are resolved: one coder's
    two decisions become an accept when either was an accept; two suggestions keep the higher score, the
    union of their evidence, and pass the threshold when either did. Children of `source` move under `target`,
    and its cue words are added to the target's.
    """
    if source_id == target_id:
        raise ValidationError("error.merge_self")
    source = _theme(session, project_id, source_id)
    target = _theme(session, project_id, target_id)
    moved = combined = s_moved = s_combined = 0
    target_codings = {
        (c.passage_id, c.user_id): c for c in session.scalars(select(Coding).where(Coding.theme_id == target.id))
    }
    for coding in list(session.scalars(select(Coding).where(Coding.theme_id == source.id))):
        other = target_codings.get((coding.passage_id, coding.user_id))
        if other is None:
            coding.theme_id = target.id
            moved += 1
        else:
            status = _merge_status(coding.status, other.status)
            if status != other.status:
                other.status, other.source = status, coding.source
                other.agent, other.score, other.decided_at = coding.agent, coding.score, coding.decided_at
            session.delete(coding)
            combined += 1
    target_suggestions = {
        s.passage_id: s for s in session.scalars(select(Suggestion).where(Suggestion.theme_id == target.id))
    }
    for sugg in list(session.scalars(select(Suggestion).where(Suggestion.theme_id == source.id))):
        other_s = target_suggestions.get(sugg.passage_id)
        if other_s is None:
            sugg.theme_id = target.id
            s_moved += 1
        else:
            if sugg.score > other_s.score:
                other_s.score, other_s.agent, other_s.source = sugg.score, sugg.agent, sugg.source
            other_s.above_threshold = other_s.above_threshold or sugg.above_threshold
            spans = list(other_s.evidence or [])
            spans += [e for e in (sugg.evidence or []) if e not in spans]
            other_s.evidence = sorted(spans, key=lambda e: (e["start"], e["end"]))
            session.delete(sugg)
            s_combined += 1
    if target.parent_id == source.id:
        target.parent_id = source.parent_id if source.parent_id != target.id else None
    for child in session.scalars(select(Theme).where(Theme.parent_id == source.id, Theme.id != target.id)):
        child.parent_id = target.id
    merged = clean_cues(target.cues)
    for lang, words in clean_cues(source.cues).items():
        merged[lang] = clean_cues({lang: merged[lang] + words})[lang]
    target.cues = merged
    source.retired = True
    source.parent_id = None
    session.flush()
    report = MergeReport(moved, combined, s_moved, s_combined)
    events.record(
        session, project_id, actor, "theme.merge", "theme", source.id,
        into=target.id, source_key=source.key, target_key=target.key,
        codings_moved=moved, codings_combined=combined, suggestions_moved=s_moved, suggestions_combined=s_combined,
    )
    return report


def theme_usage(session: Session, project_id: int) -> dict[int, ThemeUsage]:
    """Per theme id: above-threshold suggestions and accepted/rejected decisions (all coders)."""
    ids = list(session.scalars(select(Theme.id).where(Theme.project_id == project_id)))
    sugg: dict[int, int] = {
        tid: n
        for tid, n in session.execute(
            select(Suggestion.theme_id, func.count())
            .where(Suggestion.theme_id.in_(ids), Suggestion.above_threshold.is_(True))
            .group_by(Suggestion.theme_id)
        )
    }
    decided: dict[tuple[int, CodingStatus], int] = {
        (tid, status): n
        for tid, status, n in session.execute(
            select(Coding.theme_id, Coding.status, func.count())
            .where(Coding.theme_id.in_(ids))
            .group_by(Coding.theme_id, Coding.status)
        )
    }
    return {
        tid: ThemeUsage(
            sugg.get(tid, 0),
            decided.get((tid, CodingStatus.ACCEPTED), 0),
            decided.get((tid, CodingStatus.REJECTED), 0),
        )
        for tid in ids
    }


# --- suggestions from cue words ----------------------------------------------------------------------


@lru_cache(maxsize=4)
def _base_pipeline(lang: str) -> Language:
    """spaCy blank(lang) + sentencizer + lower-case lemmatizer, built once per language (blank() takes a second)."""
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("fieldnotes_lemmatizer")
    return nlp


def find_cues(texts: Sequence[str], lang: str, key: str, cues: list[str]) -> list[list[CueHit]]:
    """Positive cue hits of one theme's cue words in each text, matched over lemmas in `lang`.

    "wachtrijen" finds the cue "wachtrij"; negated cues ("geen wachtrij") do not count.
    """
    nlp = _base_pipeline(lang)
    matcher = CueMatcher(
        nlp, f"cues_{key}", themes=[key], extra_cues={key: cues}, extra_not_cases={}, use_builtin=False,
        negation_window=Language.get_factory_meta("fieldnotes_cue_matcher").default_config["negation_window"],
    )
    return [[h for h in cue_hits(matcher(doc)) if h.status == "cue"] for doc in nlp.pipe(texts)]


def cue_score(matches: int) -> float:
    """Score for a passage with `matches` cue matches (0.6 for one, +0.1 per further match, capped at 0.9)."""
    return round(min(CUE_SCORE_CAP, CUE_SCORE + CUE_STEP * (matches - 1)), 4)


def suggest_from_cues(session: Session, project_id: int, theme_id: int, *, actor: str | None = None) -> int:
    """Suggest a theme on every passage of the project's live notes where one of its cue words occurs.

    Stores `Suggestion` rows (agent "cues", above threshold, evidence relative to the passage) and replaces earlier
    cue suggestions of this theme; a suggestion by another agent (the classifier) is left as it is, and human
    codings are never touched. Cue words of both languages are matched, lemmatised in the note's language.
    Returns the number of passages suggested.
    """
    theme = _theme(session, project_id, theme_id)
    words = [w for ws in clean_cues(theme.cues).values() for w in ws]
    existing = {
        s.passage_id: s for s in session.scalars(select(Suggestion).where(Suggestion.theme_id == theme.id))
    }
    rows = session.execute(
        select(Passage.id, Passage.text, Note.lang)
        .join(Note, Note.id == Passage.note_id)
        .where(Note.project_id == project_id, Note.deleted_at.is_(None))
        .order_by(Passage.id)
    ).all()
    found: dict[int, list[dict[str, Any]]] = {}
    if words and not theme.retired:
        by_lang: dict[str, list[tuple[int, str]]] = {}
        for pid, text, lang in rows:
            by_lang.setdefault(lang if lang in (Lang.NL, Lang.EN) else Lang.NL.value, []).append((pid, text))
        for lang, items in by_lang.items():
            hits = find_cues([text for _, text in items], lang, theme.key, words)
            for (pid, _), passage_hits in zip(items, hits, strict=True):
                if passage_hits:
                    found[pid] = [{"start": h.start_char, "end": h.end_char, "text": h.text} for h in passage_hits]
    stored = 0
    for pid, spans in found.items():
        sugg = existing.pop(pid, None)
        if sugg is not None and sugg.agent != CUE_AGENT:
            continue
        if sugg is None:
            sugg = Suggestion(passage_id=pid, theme_id=theme.id)
            session.add(sugg)
        sugg.source, sugg.agent = CodingSource.MODEL, CUE_AGENT
        sugg.score, sugg.above_threshold, sugg.evidence = cue_score(len(spans)), True, spans
        stored += 1
    for stale in existing.values():
        if stale.agent == CUE_AGENT:
            session.delete(stale)
    session.flush()
    events.record(session, project_id, actor, "theme.suggest", "theme", theme.id, agent=CUE_AGENT, passages=stored)
    return stored
