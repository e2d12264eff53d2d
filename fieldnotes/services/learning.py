"""The tagger learns from the consultants: project retraining, model versions, the never-worse rule and re-tagging.

A retraining reads the project's themes and resolved codings in one short transaction, trains outside any
transaction (`nlp.project_model`), then records a `ModelVersion` and, when the rule allows, activates it and
re-tags the project's passages (suggestions only; human codings are never touched).

Activation rule: the new version becomes active iff round(macro-F1 after, 4) >= round(macro-F1 before, 4), where both
are measured on the same coded passages and the same themes (those with at least one accepted coding):
"after" = the new model's k-fold cross-validated decisions; "before" = the active model's out-of-sample decisions
(its stored out-of-fold decisions for passages it was trained on, its own predictions for the others; a theme the
active model does not know scores F1 0). Otherwise the version is kept inactive with the reason in its metrics.

Only one training per project runs at a time (a lock file next to the project's models); progress is written to a
small status file there, which the UI polls.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldnotes.config import data_dir
from fieldnotes.domain.enums import CodingStatus
from fieldnotes.domain.errors import ValidationError
from fieldnotes.nlp.project_model import (
    CodedText,
    LearningSettings,
    ProjectTheme,
    coded_metrics,
    fold_count,
    model_decisions,
    resolve_decisions,
    train_project_model,
)
from fieldnotes.services import events, runtime, tagging
from fieldnotes.storage.models import Coding, Event, ModelVersion, Note, Passage, Theme, utcnow

RETRAIN_EVERY_ENV = "FIELDNOTES_RETRAIN_EVERY"
DECISION_ACTIONS = ("coding.accepted", "coding.rejected")
RETAG_BATCH = 500
_process_locks: set[Path] = set()
_process_lock = threading.Lock()


class TrainingBusy(ValidationError):
    """A training for this project is already running."""


def retrain_every() -> int:
    """N: retrain automatically after this many decisions (`FIELDNOTES_RETRAIN_EVERY`, default 25; 0 = never)."""
    return int(os.environ.get(RETRAIN_EVERY_ENV) or 25)


def project_dir(project_id: int, models_root: Path | None = None) -> Path:
    """The folder holding a project's model versions, its status file and its training lock."""
    return Path(models_root or data_dir() / "models") / f"project-{project_id}"


# --- status and lock ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingStatus:
    """What the background job is doing: state idle/running/done/failed, phase, progress 0..1, last version."""

    state: str
    phase: str
    progress: float
    version: str | None
    message: str
    updated_at: str | None

    @property
    def running(self) -> bool:
        return self.state == "running"


def read_status(project_id: int, models_root: Path | None = None) -> TrainingStatus:
    """The status file of the project (idle when there is none; running only while the lock is held)."""
    path = project_dir(project_id, models_root) / "status.json"
    try:
        data = json.loads(path.read_text(encoding="utf8"))
    except (FileNotFoundError, json.JSONDecodeError):
        data = {}
    state = data.get("state", "idle")
    if state == "running" and not _locked(project_dir(project_id, models_root)):
        state = "failed"  # the process that wrote it is gone
    return TrainingStatus(state, data.get("phase", ""), float(data.get("progress", 0.0)), data.get("version"),
                          data.get("message", ""), data.get("updated_at"))


def _write_status(folder: Path, **fields: Any) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    fields["updated_at"] = utcnow().isoformat()
    tmp = folder / f"status.{os.getpid()}.{threading.get_ident()}.tmp"
    tmp.write_text(json.dumps(fields), encoding="utf8")
    os.replace(tmp, folder / "status.json")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _locked(folder: Path) -> bool:
    lock = folder / "training.lock"
    try:
        pid = int(lock.read_text(encoding="utf8").strip() or 0)
    except (FileNotFoundError, ValueError):
        return False
    return _pid_alive(pid) and (pid != os.getpid() or folder in _process_locks)


def _acquire(folder: Path) -> bool:
    """Take the project's training lock (a pid file; a lock left by a dead process is taken over)."""
    folder.mkdir(parents=True, exist_ok=True)
    with _process_lock:
        if _locked(folder):
            return False
        lock = folder / "training.lock"
        lock.unlink(missing_ok=True)
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w") as handle:
            handle.write(str(os.getpid()))
        _process_locks.add(folder)
        return True


def _release(folder: Path) -> None:
    with _process_lock:
        _process_locks.discard(folder)
        (folder / "training.lock").unlink(missing_ok=True)


# --- data -----------------------------------------------------------------------------------------------


def project_themes(session: Session, project_id: int) -> list[ProjectTheme]:
    """The labels of a project model: the active (non-retired) themes with their cue words."""
    rows = session.scalars(
        select(Theme).where(Theme.project_id == project_id, Theme.retired.is_(False)).order_by(Theme.id)
    )
    return [
        ProjectTheme(t.key, {lang: [str(c) for c in cues] for lang, cues in (t.cues or {}).items()}) for t in rows
    ]


def coded_passages(session: Session, project_id: int, theme_keys: Sequence[str]) -> list[CodedText]:
    """Every coded passage of live notes with one label per theme (coders' majority; a tie: the newest decision)."""
    stmt = (
        select(Coding.passage_id, Theme.key, Coding.status, Coding.decided_at, Passage.text, Note.lang)
        .join(Theme, Theme.id == Coding.theme_id)
        .join(Passage, Passage.id == Coding.passage_id)
        .join(Note, Note.id == Passage.note_id)
        .where(Note.project_id == project_id, Note.deleted_at.is_(None), Theme.key.in_(list(theme_keys)))
    )
    votes: dict[int, dict[str, list[tuple[bool, float]]]] = defaultdict(lambda: defaultdict(list))
    texts: dict[int, tuple[str, str]] = {}
    for pid, key, status, decided_at, text, lang in session.execute(stmt):
        if status in (CodingStatus.ACCEPTED, CodingStatus.REJECTED):
            votes[pid][key].append((status is CodingStatus.ACCEPTED, decided_at.timestamp()))
            texts[pid] = (text, lang or "nl")
    return [
        CodedText(pid, texts[pid][1], texts[pid][0], {k: resolve_decisions(v) for k, v in sorted(votes[pid].items())})
        for pid in sorted(votes)
    ]


def decisions_since_training(session: Session, project_id: int) -> int:
    """Accept/reject events since the last retraining started."""
    last = session.scalar(
        select(func.max(Event.id)).where(Event.project_id == project_id, Event.action == "model.retrain")
    ) or 0
    return int(session.scalar(
        select(func.count(Event.id)).where(
            Event.project_id == project_id, Event.action.in_(DECISION_ACTIONS), Event.id > last
        )
    ) or 0)


# --- versions -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionInfo:
    """A model version as the UI shows it."""

    id: int
    version: str
    path: str
    active: bool
    created_at: dt.datetime
    metrics: dict[str, Any]


def _info(m: ModelVersion) -> VersionInfo:
    return VersionInfo(m.id, m.version, m.path, m.active, m.created_at, dict(m.metrics or {}))


def list_versions(session: Session, project_id: int) -> list[VersionInfo]:
    """The project's model versions, newest first."""
    rows = session.scalars(
        select(ModelVersion).where(ModelVersion.project_id == project_id).order_by(ModelVersion.id.desc())
    )
    return [_info(m) for m in rows]


def active_version(session: Session, project_id: int) -> VersionInfo | None:
    """The active project model, or None when the shipped model is in use."""
    m = session.scalar(select(ModelVersion).where(ModelVersion.project_id == project_id, ModelVersion.active))
    return _info(m) if m is not None else None


def should_activate(before: dict[str, Any], after: dict[str, Any]) -> tuple[bool, str]:
    """The never-worse rule on macro-F1 (4 decimals); returns (activate, reason key for the UI)."""
    b, a = before.get("macro_f1"), after.get("macro_f1")
    if a is None:
        return True, "learning.reason.no_positives"
    if round(a, 4) >= round(b or 0.0, 4):
        return True, "learning.reason.not_worse"
    return False, "learning.reason.worse"


def activate_version(session: Session, project_id: int, version_id: int | None, actor: str | None) -> None:
    """Make a version the project's active model (None: back to the shipped model); others become inactive."""
    target = session.get(ModelVersion, version_id) if version_id is not None else None
    if version_id is not None and (target is None or target.project_id != project_id):
        raise ValidationError("learning.error.no_such_version")
    for m in session.scalars(select(ModelVersion).where(ModelVersion.project_id == project_id)):
        m.active = target is not None and m.id == target.id
    session.flush()
    events.record(session, project_id, actor, "model.activate", "model_version", version_id,
                  version=target.version if target else None)


def _version_name(session: Session, project_id: int) -> str:
    count = session.scalar(select(func.count(ModelVersion.id)).where(ModelVersion.project_id == project_id)) or 0
    return f"p{project_id}-v{count + 1}-{utcnow():%Y%m%dT%H%M}"


# --- the job --------------------------------------------------------------------------------------------


def retag_project(url: str | None, project_id: int, progress: tagging.ProgressFn | None = None) -> int:
    """Re-tag every passage of the project's live notes with its active model; codings are not touched."""
    with runtime.transaction(url) as session:
        tagger = tagging.project_tagger(session, project_id)
        theme_ids = tagging.theme_ids(session, project_id)
        rows = list(session.execute(
            select(Passage.id, Passage.text, Note.lang).join(Note, Note.id == Passage.note_id)
            .where(Note.project_id == project_id, Note.deleted_at.is_(None)).order_by(Passage.id)
        ))
    for start in range(0, len(rows), RETAG_BATCH):
        batch = rows[start : start + RETAG_BATCH]
        results = tagger.tag_many([r.text for r in batch], langs=[r.lang for r in batch])
        with runtime.transaction(url) as session:
            passages = [session.get_one(Passage, r.id) for r in batch]
            tagging.store_suggestions(session, passages, results, tagger.version, theme_ids)
        if progress:
            progress(min(start + RETAG_BATCH, len(rows)), len(rows))
    return len(rows)


def retrain(
    url: str | None,
    project_id: int,
    *,
    actor: str | None = None,
    trigger: str = "manual",
    settings: LearningSettings = LearningSettings(),
    models_root: Path | None = None,
) -> VersionInfo:
    """Train a new project model version, apply the never-worse rule and re-tag on activation (blocking)."""
    folder = project_dir(project_id, models_root)
    if not _acquire(folder):
        raise TrainingBusy("learning.error.busy")
    return _run(url, project_id, folder, actor=actor, trigger=trigger, settings=settings)


def _run(
    url: str | None, project_id: int, folder: Path, *, actor: str | None, trigger: str, settings: LearningSettings
) -> VersionInfo:
    """The training job; the caller holds the project's lock, which is released here."""
    try:
        _write_status(folder, state="running", phase="prepare", progress=0.0)
        with runtime.transaction(url) as session:
            themes = project_themes(session, project_id)
            coded = coded_passages(session, project_id, [t.key for t in themes])
            if fold_count(len(coded), settings.folds) < 2:
                raise ValidationError("learning.error.too_few")
            active = active_version(session, project_id)
            version = _version_name(session, project_id)
            events.record(session, project_id, actor, "model.retrain", "project", project_id,
                          trigger=trigger, version=version, coded=len(coded))

        def report(fraction: float, phase: str) -> None:
            _write_status(folder, state="running", phase=phase, progress=round(0.9 * fraction, 3), version=version)

        model = train_project_model(themes, coded, folder / version, version, settings=settings, progress=report)
        keys = [t.key for t in themes]
        after = coded_metrics(coded, model.decisions, keys)
        before = coded_metrics(coded, model_decisions(Path(active.path) if active else None, coded), keys)
        activate, reason = should_activate(before, after)
        metrics = {
            "before": before, "after": after, "before_version": active.version if active else None,
            "activated": activate, "reason": reason, "trigger": trigger, "coded_passages": len(coded),
            "folds": fold_count(len(coded), settings.folds), "seconds": round(model.seconds, 1),
            "models": model.models,
            "not_separable": sorted(k for k, note in model.models.items() if note.get("reason") == "not_separable"),
        }
        with runtime.transaction(url) as session:
            row = ModelVersion(project_id=project_id, version=version, path=str(model.path), metrics=metrics)
            session.add(row)
            session.flush()
            if activate:
                activate_version(session, project_id, row.id, actor)
            events.record(session, project_id, actor, "model.version", "model_version", row.id,
                          version=version, activated=activate, reason=reason)
            info = _info(row)
        if activate:
            _write_status(folder, state="running", phase="retag", progress=0.9, version=version)
            retag_project(url, project_id, lambda done, total: _write_status(
                folder, state="running", phase="retag", progress=round(0.9 + 0.1 * done / max(total, 1), 3),
                version=version))
        _write_status(folder, state="done", phase="done", progress=1.0, version=version, message=reason)
        return info
    except Exception as exc:
        _write_status(folder, state="failed", phase="failed", progress=0.0, message=str(exc))
        raise
    finally:
        _release(folder)


def start_retraining(
    url: str | None,
    project_id: int,
    *,
    actor: str | None = None,
    trigger: str = "manual",
    settings: LearningSettings = LearningSettings(),
    models_root: Path | None = None,
) -> threading.Thread | None:
    """Run `retrain` in a background thread; None when a training of this project is already running."""
    folder = project_dir(project_id, models_root)
    if not _acquire(folder):
        return None
    _write_status(folder, state="running", phase="prepare", progress=0.0)

    def job() -> None:
        try:
            _run(url, project_id, folder, actor=actor, trigger=trigger, settings=settings)
        except Exception:  # noqa: BLE001  (the failure is in the status file for the UI)
            pass

    thread = threading.Thread(target=job, name=f"fieldnotes-retrain-{project_id}", daemon=True)
    thread.start()
    return thread


def maybe_retrain(
    url: str | None,
    project_id: int,
    *,
    every: int | None = None,
    settings: LearningSettings = LearningSettings(),
    models_root: Path | None = None,
) -> threading.Thread | None:
    """Start a background retraining when N decisions were made since the last one (call after each decision)."""
    n = retrain_every() if every is None else every
    if n <= 0:
        return None
    with runtime.transaction(url) as session:
        due = decisions_since_training(session, project_id) >= n
    if not due:
        return None
    return start_retraining(url, project_id, trigger="auto", settings=settings, models_root=models_root)
