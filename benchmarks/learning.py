"""Learning a new theme from the consultant: F1 of "workarounds" after 30 accepted + 30 rejected codings.

Run: `python benchmarks/learning.py [--reps 3] [--background-weight 0.2] [--project-weight 2.0] [--epochs 30]`.
Per repetition (seed): a temporary SQLite project gets the user-defined theme "workarounds" with a few cue words,
30 accepted and 30 rejected codings (balanced languages) drawn from benchmarks/data/learning_theme.jsonl, then the
same `services.learning.retrain` the app runs. The other 120 passages are tagged with the new model and scored.
Also printed: the default themes' held-out macro-F1 on corpus/ (shipped model vs project model), the training
time, the never-worse decision, and "bg fire": the share of corpus held-out passages (ordinary field-note text,
never annotated for the theme) that the project model tags with the new theme, a proxy for false alarms in use.
Target: F1 >= 0.70 for the new theme.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from fieldnotes.domain.enums import CodingStatus, NoteKind
from fieldnotes.nlp.corpus import split_corpus
from fieldnotes.nlp.evaluate import evaluate_heldout
from fieldnotes.nlp.project_model import LearningSettings
from fieldnotes.nlp.tagger import Tagger
from fieldnotes.nlp.train import TextcatSettings
from fieldnotes.services import coding, learning, projects, runtime
from fieldnotes.storage.db import dispose_engines
from fieldnotes.storage.models import Note, Passage, Theme

DATA = Path(__file__).with_name("data") / "learning_theme.jsonl"
THEME = "workarounds"
CUES = {
    "nl": ["omweg", "noodoplossing", "eigen lijstje", "truc"],
    "en": ["workaround", "work around", "makeshift", "trick"],
}
PER_CELL = 15  # per language x label: 2 x 2 x 15 = 60 codings


def sample(rows: list[dict[str, object]], seed: int) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """(60 coded rows: 30 positive + 30 negative, half per language; the remaining rows)."""
    rng = random.Random(seed)
    chosen: list[dict[str, object]] = []
    for lang in ("nl", "en"):
        for label in (True, False):
            cell = [r for r in rows if r["lang"] == lang and r["label"] is label]
            chosen += rng.sample(cell, PER_CELL)
    ids = {r["id"] for r in chosen}
    return chosen, [r for r in rows if r["id"] not in ids]


def run_once(rows: list[dict[str, object]], seed: int, settings: LearningSettings, tmp: Path) -> dict[str, object]:
    """One repetition: project, codings, retrain, score the rest."""
    url = f"sqlite:///{tmp / f'bench-{seed}.db'}"
    coded, rest = sample(rows, seed)
    with runtime.transaction(url) as session:
        pid = projects.create_project(session, f"Benchmark {seed}").id
        theme = Theme(project_id=pid, key=THEME, label="Workarounds", cues=CUES)
        session.add(theme)
        session.flush()
        for r in coded:
            note = Note(project_id=pid, text=str(r["text"]), lang=str(r["lang"]), kind=NoteKind.OBSERVATION,
                        date=dt.date(2026, 11, 1), external_id=str(r["id"]))
            session.add(note)
            session.flush()
            passage = Passage(note_id=note.id, start=0, end=len(note.text), text=note.text, auto=True)
            session.add(passage)
            session.flush()
            status = CodingStatus.ACCEPTED if r["label"] else CodingStatus.REJECTED
            coding.decide(session, pid, passage.id, theme.id, status, "bench")
    version = learning.retrain(url, pid, actor="bench", settings=settings, models_root=tmp / "models")
    tagger = Tagger.load(Path(version.path))
    results = tagger.tag_many([str(r["text"]) for r in rest], langs=[str(r["lang"]) for r in rest])
    tp = sum(1 for r, res in zip(rest, results) if r["label"] and THEME in res.themes)
    fp = sum(1 for r, res in zip(rest, results) if not r["label"] and THEME in res.themes)
    fn = sum(1 for r, res in zip(rest, results) if r["label"] and THEME not in res.themes)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    heldout = evaluate_heldout(Path(version.path))
    _, corpus_heldout = split_corpus()
    tagged = tagger.tag_many([p.text for p in corpus_heldout], langs=[p.lang for p in corpus_heldout])
    firing = sum(THEME in r.themes for r in tagged) / len(tagged)
    dispose_engines()
    return {
        "seed": seed, "precision": precision, "recall": recall, "f1": f1, "n": len(rest),
        "heldout_macro_f1": heldout["macro_f1"], "firing": firing, "seconds": version.metrics["seconds"],
        "activated": version.metrics["activated"], "reason": version.metrics["reason"],
        "cv_before": version.metrics["before"]["macro_f1"], "cv_after": version.metrics["after"]["macro_f1"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--background-weight", type=float, default=LearningSettings.background_weight)
    parser.add_argument("--project-weight", type=float, default=LearningSettings.project_weight)
    parser.add_argument("--epochs", type=int, default=LearningSettings.textcat.epochs)
    args = parser.parse_args()
    settings = LearningSettings(
        textcat=TextcatSettings(epochs=args.epochs), background_weight=args.background_weight,
        project_weight=args.project_weight,
    )
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf8").splitlines() if line.strip()]
    shipped = evaluate_heldout()
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(1, args.reps + 1):
            started = time.perf_counter()
            runs.append(run_once(rows, seed, settings, Path(folder)))
            runs[-1]["wall"] = time.perf_counter() - started
    print(f"settings: epochs={args.epochs} background_weight={args.background_weight} "
          f"project_weight={args.project_weight}")
    print(f"{'seed':>4}{'P':>7}{'R':>7}{'F1':>7}{'n':>5}{'corpus F1':>11}{'CV before':>11}{'CV after':>10}"
          f"{'bg fire':>9}{'train s':>9}{'wall s':>8}  activated")
    for r in runs:
        print(f"{r['seed']:>4}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}{r['n']:>5}"
              f"{r['heldout_macro_f1']:>11.3f}{r['cv_before']:>11.3f}{r['cv_after']:>10.3f}"
              f"{r['firing']:>9.3f}{r['seconds']:>9.1f}{r['wall']:>8.1f}  {r['activated']} ({r['reason']})")
    f1s = [float(r["f1"]) for r in runs]
    print(f"'{THEME}' F1 on the {runs[0]['n']} held-out theme passages: mean {statistics.mean(f1s):.3f}, "
          f"min {min(f1s):.3f}   (target >= 0.70)")
    corpus = [float(r["heldout_macro_f1"]) for r in runs]
    print(f"default themes, corpus held-out macro-F1: shipped model {shipped['macro_f1']:.3f}, project models "
          f"mean {statistics.mean(corpus):.3f} (min {min(corpus):.3f})")


if __name__ == "__main__":
    main()
