"""Learning a new theme from the consultant: F1 of a user-defined theme after 30 accepted + 30 rejected codings.

Run: `python benchmarks/learning.py [--reps 5] [--data FILE --theme KEY --cues "nl:a,b;en:c,d"]
[--background-weight 0.2] [--max-background-rate 0.12] [--c 10] [--char-weight 0.5]
[--threshold-tolerance 0.03]`. Two test themes were written for the benchmark: the
default "workarounds" (benchmarks/data/learning_theme.jsonl) and "recognition" (staff feel their work is or is not
seen and appreciated; `--theme recognition`, which picks benchmarks/data/learning_theme_b.jsonl and its cue words).
Per repetition (seed): a temporary SQLite project gets the user-defined theme with a few cue words,
30 accepted and 30 rejected codings (balanced languages) drawn from the theme's file, then the
same `services.learning.retrain` the app runs. The other 120 passages are tagged with the new model and scored
(P/R/F1 at the model's threshold, ROC AUC of its scores). Also printed: the default themes' held-out macro-F1 on
corpus/ (shipped model vs project model), the training time, the never-worse decision, the out-of-fold AUC the
training saw, and "bg fire": the share of corpus held-out passages (ordinary field-note text, never annotated for
the theme) that the project model tags with the new theme, a proxy for false alarms in use.
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

import numpy
from sklearn.metrics import roc_auc_score

from fieldnotes.domain.enums import CodingStatus, NoteKind
from fieldnotes.nlp.corpus import split_corpus
from fieldnotes.nlp.evaluate import evaluate_heldout, metrics
from fieldnotes.nlp.project_model import LearningSettings, load_project_tagger
from fieldnotes.nlp.themes import THEME_KEYS
from fieldnotes.services import coding, learning, projects, runtime
from fieldnotes.storage.db import dispose_engines
from fieldnotes.storage.models import Note, Passage, Theme

DATA_DIR = Path(__file__).with_name("data")
# the benchmark's test themes: data file and the cue words a consultant would give
THEMES: dict[str, tuple[Path, dict[str, list[str]]]] = {
    "workarounds": (DATA_DIR / "learning_theme.jsonl", {
        "nl": ["omweg", "noodoplossing", "eigen lijstje", "truc"],
        "en": ["workaround", "work around", "makeshift", "trick"],
    }),
    "recognition": (DATA_DIR / "learning_theme_b.jsonl", {
        "nl": ["waardering", "compliment", "bedanken", "gewaardeerd"],
        "en": ["appreciation", "appreciate", "thank", "recognition"],
    }),
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


def parse_cues(text: str) -> dict[str, list[str]]:
    """Cue words from "nl:a,b;en:c,d"."""
    out: dict[str, list[str]] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        lang, _, words = part.partition(":")
        out[lang.strip()] = [w.strip() for w in words.split(",") if w.strip()]
    return out


def run_once(rows: list[dict[str, object]], seed: int, settings: LearningSettings, tmp: Path, theme_key: str,
             cues: dict[str, list[str]]) -> dict[str, object]:
    """One repetition: project, codings, retrain, score the rest."""
    url = f"sqlite:///{tmp / f'bench-{seed}.db'}"
    coded, rest = sample(rows, seed)
    with runtime.transaction(url) as session:
        pid = projects.create_project(session, f"Benchmark {seed}").id
        theme = Theme(project_id=pid, key=theme_key, label=theme_key.capitalize(), cues=cues)
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
    tagger = load_project_tagger(Path(version.path))
    results = tagger.tag_many([str(r["text"]) for r in rest], langs=[str(r["lang"]) for r in rest])
    tp = sum(1 for r, res in zip(rest, results) if r["label"] and theme_key in res.themes)
    fp = sum(1 for r, res in zip(rest, results) if not r["label"] and theme_key in res.themes)
    fn = sum(1 for r, res in zip(rest, results) if r["label"] and theme_key not in res.themes)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    auc = roc_auc_score([bool(r["label"]) for r in rest], [res.scores[theme_key] for res in results])
    _, corpus_heldout = split_corpus()
    tagged = tagger.tag_many([p.text for p in corpus_heldout])  # language detected, as in evaluate_heldout
    firing = sum(theme_key in r.themes for r in tagged) / len(tagged)
    heldout = metrics(numpy.asarray([[t in p.labels for t in THEME_KEYS] for p in corpus_heldout]),
                      numpy.asarray([[t in r.themes for t in THEME_KEYS] for r in tagged]))
    dispose_engines()
    return {
        "seed": seed, "precision": precision, "recall": recall, "f1": f1, "auc": auc, "n": len(rest),
        "oof_auc": version.metrics["models"][theme_key].get("oof_auc"),
        "kind": version.metrics["models"][theme_key]["kind"],
        "heldout_macro_f1": heldout["macro_f1"], "firing": firing, "seconds": version.metrics["seconds"],
        "activated": version.metrics["activated"], "reason": version.metrics["reason"],
        "cv_before": version.metrics["before"]["macro_f1"], "cv_after": version.metrics["after"]["macro_f1"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--theme", default="workarounds", help="theme key (workarounds, recognition or your own)")
    parser.add_argument("--data", type=Path, help="JSONL rows {id, lang, text, label}; default: the theme's file")
    parser.add_argument("--cues", help='cue words "nl:a,b;en:c,d"; default: the theme\'s cue words')
    parser.add_argument("--background-weight", type=float, default=LearningSettings.background_weight)
    parser.add_argument("--max-background-rate", type=float, default=LearningSettings.max_background_rate)
    parser.add_argument("--c", type=float, default=LearningSettings.c)
    parser.add_argument("--char-weight", type=float, default=LearningSettings.char_weight)
    parser.add_argument("--threshold-tolerance", type=float, default=LearningSettings.threshold_tolerance)
    args = parser.parse_args()
    settings = LearningSettings(
        background_weight=args.background_weight, max_background_rate=args.max_background_rate, c=args.c,
        char_weight=args.char_weight, threshold_tolerance=args.threshold_tolerance,
    )
    known_data, known_cues = THEMES.get(args.theme, (None, {}))
    data = args.data or known_data
    if data is None:
        parser.error(f"--data is needed for theme {args.theme!r}")
    cues = parse_cues(args.cues) if args.cues is not None else known_cues
    rows = [json.loads(line) for line in data.read_text(encoding="utf8").splitlines() if line.strip()]
    shipped = evaluate_heldout()
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(1, args.reps + 1):
            started = time.perf_counter()
            runs.append(run_once(rows, seed, settings, Path(folder), args.theme, cues))
            runs[-1]["wall"] = time.perf_counter() - started
    print(f"theme {args.theme!r} from {data.name}, cues {cues}")
    print(f"settings: c={args.c} background_weight={args.background_weight} "
          f"max_background_rate={args.max_background_rate} char_weight={args.char_weight} "
          f"threshold_tolerance={args.threshold_tolerance}")
    print(f"{'seed':>4}{'P':>7}{'R':>7}{'F1':>7}{'AUC':>7}{'oofAUC':>8}{'n':>5}{'corpus F1':>11}{'CV before':>11}"
          f"{'CV after':>10}{'bg fire':>9}{'train s':>9}{'wall s':>8}  model, activated")
    for r in runs:
        oof = "–" if r["oof_auc"] is None else f"{r['oof_auc']:.3f}"
        print(f"{r['seed']:>4}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}{r['auc']:>7.3f}{oof:>8}"
              f"{r['n']:>5}{r['heldout_macro_f1']:>11.3f}{r['cv_before']:>11.3f}{r['cv_after']:>10.3f}"
              f"{r['firing']:>9.3f}{r['seconds']:>9.1f}{r['wall']:>8.1f}  {r['kind']}, {r['activated']} ({r['reason']})")
    f1s = [float(r["f1"]) for r in runs]
    aucs = [float(r["auc"]) for r in runs]
    print(f"'{args.theme}' on the {runs[0]['n']} held-out theme passages: F1 mean {statistics.mean(f1s):.3f}, "
          f"min {min(f1s):.3f} (target >= 0.70); AUC mean {statistics.mean(aucs):.3f}, min {min(aucs):.3f}")
    fire = [float(r["firing"]) for r in runs]
    seconds = [float(r["seconds"]) for r in runs]
    print(f"corpus held-out passages tagged '{args.theme}': mean {statistics.mean(fire):.3f}, max {max(fire):.3f}; "
          f"training time per retrain: mean {statistics.mean(seconds):.1f} s, max {max(seconds):.1f} s")
    corpus = [float(r["heldout_macro_f1"]) for r in runs]
    print(f"default themes, corpus held-out macro-F1: shipped model {shipped['macro_f1']:.3f}, project models "
          f"mean {statistics.mean(corpus):.3f} (min {min(corpus):.3f})")


if __name__ == "__main__":
    main()
