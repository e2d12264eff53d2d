"""Inter-coder agreement over a project's codings, optionally with the model as one more coder.

Unit = passage, coder = consultant, themes = the coder's accepted themes on that passage. A coder who decided
anything on a passage (accept or reject) coded the unit; passages a coder never touched are missing for that
coder. The model coder ("model:<version>") applies its above-threshold suggestions on the units humans coded.
The figures come from `fieldnotes.analysis.agreement`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from fieldnotes.analysis.agreement import CodingRecord, ThemeAgreement, agreement_by_theme, disagreements, to_json
from fieldnotes.domain.enums import CodingStatus
from fieldnotes.storage.models import Coding, Consultant, Note, Passage, Suggestion, Theme

MODEL_PREFIX = "model:"


@dataclass(frozen=True)
class Disagreement:
    """A passage and theme on which the coders differ: who applied it, who rejected it, who left it open."""

    passage_id: int
    note_id: int
    note_title: str | None
    passage_text: str
    theme_key: str
    theme_label: str
    verdicts: dict[str, str]
    """coder -> "accepted" | "rejected" | "open" (coded the passage, no decision on this theme) |
    "suggested" | "not_suggested" (the model)."""


@dataclass(frozen=True)
class ProjectAgreement:
    """Agreement per theme plus the disagreements to discuss."""

    coders: list[str]
    units: int
    labels: dict[str, str]
    by_theme: dict[str, ThemeAgreement]
    disagreements: list[Disagreement]


def _live_passages(project_id: int) -> Select[tuple[int]]:
    """Ids of the passages of the project's live notes."""
    return (
        select(Passage.id)
        .join(Note, Note.id == Passage.note_id)
        .where(Note.project_id == project_id, Note.deleted_at.is_(None))
    )


def _human_table(
    session: Session, project_id: int
) -> tuple[dict[tuple[int, str], set[str]], dict[tuple[int, str, str], CodingStatus]]:
    """(passage, coder) -> accepted theme keys, and (passage, coder, theme) -> status, for every decision."""
    rows = session.execute(
        select(Coding.passage_id, Consultant.name, Theme.key, Coding.status)
        .join(Consultant, Consultant.id == Coding.user_id)
        .join(Theme, Theme.id == Coding.theme_id)
        .where(Coding.passage_id.in_(_live_passages(project_id)), Theme.project_id == project_id)
    )
    applied: dict[tuple[int, str], set[str]] = {}
    status: dict[tuple[int, str, str], CodingStatus] = {}
    for pid, coder, key, st in rows:
        themes = applied.setdefault((pid, coder), set())
        if st is CodingStatus.ACCEPTED:
            themes.add(key)
        status[(pid, coder, key)] = st
    return applied, status


def _model_table(session: Session, passage_ids: set[int]) -> tuple[str, dict[int, set[str]]]:
    """The model coder's name and its above-threshold themes per passage (on the given passages only)."""
    rows = session.execute(
        select(Suggestion.passage_id, Suggestion.agent, Theme.key)
        .join(Theme, Theme.id == Suggestion.theme_id)
        .where(Suggestion.passage_id.in_(passage_ids), Suggestion.above_threshold.is_(True))
    ).all()
    agents = Counter(agent for _, agent, _ in rows)
    version = min(agents, key=lambda a: (-agents[a], a)) if agents else "none"
    themes: dict[int, set[str]] = {pid: set() for pid in passage_ids}
    for pid, _, key in rows:
        themes[pid].add(key)
    return f"{MODEL_PREFIX}{version}", themes


def coding_records(session: Session, project_id: int, *, include_model: bool = False) -> list[CodingRecord]:
    """One record per (passage, coder) that coded it; unit is the passage id as text."""
    applied, _ = _human_table(session, project_id)
    records = [CodingRecord(str(pid), coder, frozenset(keys)) for (pid, coder), keys in sorted(applied.items())]
    if include_model and applied:
        name, model = _model_table(session, {pid for pid, _ in applied})
        records += [CodingRecord(str(pid), name, frozenset(keys)) for pid, keys in sorted(model.items())]
    return records


def _theme_labels(session: Session, project_id: int) -> dict[str, str]:
    """Active themes first (codebook order), then retired ones that may still carry codings."""
    rows = session.execute(
        select(Theme.key, Theme.label).where(Theme.project_id == project_id).order_by(Theme.retired, Theme.id)
    )
    return {key: label for key, label in rows}


def _wanted_themes(session: Session, project_id: int, records: list[CodingRecord]) -> list[str]:
    active = list(
        session.scalars(
            select(Theme.key).where(Theme.project_id == project_id, Theme.retired.is_(False)).order_by(Theme.id)
        )
    )
    applied = sorted({k for r in records for k in r.themes} - set(active))
    return active + applied


def project_agreement(
    session: Session, project_id: int, *, include_model: bool = False, coders: Sequence[str] | None = None
) -> ProjectAgreement:
    """Agreement per theme and the disagreements with passage text and verdicts.

    `coders` limits the human coders (e.g. to a pair, for Cohen's kappa); the model coder stays when included.
    """
    records = coding_records(session, project_id, include_model=include_model)
    if coders is not None:
        chosen = set(coders)
        records = [r for r in records if r.coder in chosen or r.coder.startswith(MODEL_PREFIX)]
    themes = _wanted_themes(session, project_id, records)
    labels = _theme_labels(session, project_id)
    by_theme = agreement_by_theme(records, themes)
    _, status = _human_table(session, project_id)
    per_unit = Counter(r.unit for r in records)
    found = disagreements(records, themes)
    passages = {
        p.id: p
        for p in session.scalars(select(Passage).where(Passage.id.in_([int(u) for u, _, _ in found])))
    }
    listed: list[Disagreement] = []
    for unit, key, applied in found:
        passage = passages[int(unit)]
        verdicts: dict[str, str] = {}
        for coder, yes in applied.items():
            if coder.startswith(MODEL_PREFIX):
                verdicts[coder] = "suggested" if yes else "not_suggested"
            else:
                st = status.get((passage.id, coder, key))
                verdicts[coder] = st.value if st is not None else "open"
        listed.append(
            Disagreement(
                passage.id, passage.note_id, passage.note.title, passage.text, key, labels.get(key, key), verdicts
            )
        )
    return ProjectAgreement(
        coders=sorted({r.coder for r in records}),
        units=sum(1 for n in per_unit.values() if n >= 2),
        labels=labels,
        by_theme=by_theme,
        disagreements=listed,
    )


def project_agreement_json(session: Session, project_id: int, include_model: bool = False) -> dict[str, object]:
    """`{theme_key: {units, coders, percent_agreement, cohen_kappa, krippendorff_alpha}}`, as for `--input`."""
    records = coding_records(session, project_id, include_model=include_model)
    return dict(to_json(agreement_by_theme(records, _wanted_themes(session, project_id, records))))
