"""Evaluating the theme tagger: held-out split and k-fold cross-validation on the training part.

Figures: per-theme precision/recall/F1, macro- and micro-F1, and the false-positive rate on passages without any
theme (share of no-theme passages that get at least one theme).
`python -m fieldnotes.nlp.evaluate` prints both tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy

from fieldnotes.nlp.corpus import CORPUS_DIR, Passage, fold_ids, heldout_parts_passages, split_corpus
from fieldnotes.nlp.scoring import fit_stacker
from fieldnotes.nlp.tagger import Tagger
from fieldnotes.nlp.themes import THEME_KEYS
from fieldnotes.nlp.train import SHIPPED_SETTINGS, CorpusDocs, ModelSettings, label_matrix, out_of_fold_features


def metrics(y_true: numpy.ndarray, y_pred: numpy.ndarray, themes: Sequence[str] = THEME_KEYS) -> dict[str, object]:
    """Per-theme P/R/F1, macro/micro F1 and the no-theme false-positive rate for binary matrices (n, themes)."""
    y_true = numpy.asarray(y_true).astype(bool)
    y_pred = numpy.asarray(y_pred).astype(bool)
    per_theme: dict[str, dict[str, float]] = {}
    total_tp = total_fp = total_fn = 0
    for t, theme in enumerate(themes):
        tp = int(numpy.sum(y_true[:, t] & y_pred[:, t]))
        fp = int(numpy.sum(~y_true[:, t] & y_pred[:, t]))
        fn = int(numpy.sum(y_true[:, t] & ~y_pred[:, t]))
        total_tp, total_fp, total_fn = total_tp + tp, total_fp + fp, total_fn + fn
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_theme[theme] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    micro_p = total_tp / (total_tp + total_fp) if total_tp + total_fp else 0.0
    micro_r = total_tp / (total_tp + total_fn) if total_tp + total_fn else 0.0
    no_theme = ~y_true.any(axis=1)
    return {
        "n": len(y_true),
        "per_theme": per_theme,
        "macro_f1": float(numpy.mean([v["f1"] for v in per_theme.values()])),
        "micro_f1": 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0,
        "n_no_theme": int(no_theme.sum()),
        "fp_rate_no_theme": float(y_pred[no_theme].any(axis=1).mean()) if no_theme.any() else 0.0,
    }


def evaluate_passages(passages: Sequence[Passage], model_dir: Path | None = None) -> dict[str, object]:
    """Tag passages (language detected, as in use) with a trained model and score them."""
    tagger = Tagger.load(model_dir)
    results = tagger.tag_many([p.text for p in passages])
    y_pred = numpy.asarray([[t in r.themes for t in THEME_KEYS] for r in results])
    result = metrics(label_matrix(passages), y_pred)
    result["lang_accuracy"] = float(numpy.mean([r.lang == p.lang for r, p in zip(results, passages)]))
    return result


def evaluate_heldout(model_dir: Path | None = None, corpus_dir: Path = CORPUS_DIR) -> dict[str, object]:
    """Score a trained model on the held-out split."""
    return evaluate_passages(split_corpus(corpus_dir)[1], model_dir)


def cross_validate(
    corpus_dir: Path = CORPUS_DIR,
    *,
    settings: ModelSettings = SHIPPED_SETTINGS,
    seed: int = 13,
    group_by: Literal["stratified", "part"] = "stratified",
) -> dict[str, object]:
    """k-fold CV on the training part only: textcat, stacker and thresholds never see the scored fold.

    group_by="part" holds out one corpus writer at a time, a proxy for text written by other people.
    """
    train, _ = split_corpus(corpus_dir)
    if group_by == "part":
        parts = sorted({p.part for p in train})
        folds = [parts.index(p.part) for p in train]
    else:
        folds = fold_ids(train, folds=settings.folds, seed=seed)
    corpus = CorpusDocs(train)
    feats = out_of_fold_features(corpus, folds, seed=seed, settings=settings)
    y = label_matrix(train)
    y_pred = numpy.zeros(y.shape, dtype=bool)
    fold_array = numpy.asarray(folds)
    for fold in sorted(set(folds)):
        inner = fold_array != fold
        inner_folds = [f for f in folds if f != fold]
        stacker = fit_stacker(
            feats[inner], y[inner], THEME_KEYS, folds=inner_folds, c=settings.stacker_c, beta=settings.threshold_beta,
            max_fp_rate=settings.max_fp_rate,
        )
        y_pred[~inner] = stacker.scores(feats[~inner]) >= stacker.thresholds
    result = metrics(y, y_pred)
    result["folds"] = len(set(folds))
    result["group_by"] = group_by
    return result


def heldout_report(model_dir: Path | None = None, corpus_dir: Path = CORPUS_DIR) -> str:
    """The tables of the held-out split and of the held-out parts (writers never trained on), if any."""
    tables = [format_table(evaluate_heldout(model_dir, corpus_dir), "Held-out split (shipped model)")]
    unseen = heldout_parts_passages(corpus_dir)
    if unseen:
        parts = ", ".join(sorted({p.part for p in unseen}))
        title = f"Held-out parts: writers never trained on ({parts})"
        tables.append(format_table(evaluate_passages(unseen, model_dir), title))
    return "\n\n".join(tables)


def format_table(result: dict[str, object], title: str = "") -> str:
    """A plain-text table of the figures returned by `metrics`."""
    lines = [title] if title else []
    lines.append(f"{'theme':<20}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
    per_theme: dict[str, dict[str, float]] = result["per_theme"]  # type: ignore[assignment]
    for theme, v in per_theme.items():
        lines.append(f"{theme:<20}{v['precision']:>7.3f}{v['recall']:>7.3f}{v['f1']:>7.3f}{int(v['support']):>6}")
    lines.append(f"{'macro-F1':<20}{result['macro_f1']:>21.3f}")
    lines.append(f"{'micro-F1':<20}{result['micro_f1']:>21.3f}")
    lines.append(
        f"{'FP rate no-theme':<20}{result['fp_rate_no_theme']:>21.3f}  ({result['n_no_theme']} of {result['n']} passages)"
    )
    return "\n".join(lines)


def main() -> None:
    """Print held-out (split and whole parts) and CV figures: `python -m fieldnotes.nlp.evaluate [--cv] [--by-part]`."""
    import sys

    print(heldout_report())
    if "--cv" in sys.argv:
        print()
        print(format_table(cross_validate(), "5-fold CV on the training part"))
    if "--by-part" in sys.argv:
        print()
        print(format_table(cross_validate(group_by="part"), "Leave-one-writer-out CV on the training part"))


if __name__ == "__main__":
    main()
