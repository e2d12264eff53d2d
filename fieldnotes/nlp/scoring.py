"""Combining cue and textcat signals into one score per theme, and per-theme thresholds.

Per theme a small logistic layer (stacker) sees four features: the textcat logit, log(1 + active cues),
whether the theme had negated/suppressed cues, and the logit of the n-gram model (`ngram_model.py`). It is fitted on out-of-fold textcat predictions, so it learns how
much to trust each signal on unseen text. Thresholds are then chosen per theme on out-of-fold stacked scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy
from spacy.tokens import Doc

from fieldnotes.nlp.cue_matcher import CueHit, cue_hits

N_FEATURES = 4
_EPS = 1e-4


def cue_counts(docs: Sequence[Doc], themes: Sequence[str]) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(active, blocked) cue counts per doc and theme."""
    return hit_counts([cue_hits(doc) for doc in docs], themes)


def hit_counts(hits: Sequence[Sequence[CueHit]], themes: Sequence[str]) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(active, blocked) cue counts per hit list (one per doc) and theme; Not-case hits are not counted."""
    index = {theme: i for i, theme in enumerate(themes)}
    active = numpy.zeros((len(hits), len(themes)), dtype="float32")
    blocked = numpy.zeros((len(hits), len(themes)), dtype="float32")
    for row, doc_hits in enumerate(hits):
        for hit in doc_hits:
            column = index.get(hit.theme)
            if column is not None and hit.status != "not_case":
                (active if hit.status == "cue" else blocked)[row, column] += 1
    return active, blocked


def features(
    probs: numpy.ndarray, active: numpy.ndarray, blocked: numpy.ndarray, ngram_logits: numpy.ndarray
) -> numpy.ndarray:
    """Stacking features, shape (n, themes, N_FEATURES)."""
    clipped = numpy.clip(probs, _EPS, 1 - _EPS)
    logit = numpy.log(clipped / (1 - clipped))
    return numpy.stack([logit, numpy.log1p(active), (blocked > 0).astype("float32"), ngram_logits], axis=-1)


@dataclass(frozen=True)
class Stacker:
    """Per-theme logistic weights and decision thresholds."""

    themes: tuple[str, ...]
    coef: numpy.ndarray  # (themes, N_FEATURES)
    intercept: numpy.ndarray  # (themes,)
    thresholds: numpy.ndarray  # (themes,)

    def scores(self, feats: numpy.ndarray) -> numpy.ndarray:
        """Combined scores in [0, 1], shape (n, themes)."""
        z = numpy.einsum("ntf,tf->nt", feats, self.coef) + self.intercept
        return 1.0 / (1.0 + numpy.exp(-z))

    def to_json(self) -> dict[str, object]:
        return {
            "themes": list(self.themes),
            "coef": self.coef.round(6).tolist(),
            "intercept": self.intercept.round(6).tolist(),
            "thresholds": self.thresholds.round(6).tolist(),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Stacker:
        return cls(
            themes=tuple(data["themes"]),  # type: ignore[arg-type]
            coef=numpy.asarray(data["coef"], dtype="float64"),
            intercept=numpy.asarray(data["intercept"], dtype="float64"),
            thresholds=numpy.asarray(data["thresholds"], dtype="float64"),
        )


def fit_weights(feats: numpy.ndarray, y: numpy.ndarray, *, c: float = 1.0) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Fit one logistic regression per theme; returns (coef, intercept)."""
    from sklearn.linear_model import LogisticRegression  # only for training: importing sklearn takes ~0.5 s

    n_themes = feats.shape[1]
    coef = numpy.zeros((n_themes, N_FEATURES))
    intercept = numpy.zeros(n_themes)
    for t in range(n_themes):
        if y[:, t].min() == y[:, t].max():
            intercept[t] = 10.0 if y[0, t] else -10.0
            continue
        model = LogisticRegression(C=c, max_iter=1000)
        model.fit(feats[:, t, :], y[:, t])
        coef[t] = model.coef_[0]
        intercept[t] = model.intercept_[0]
    return coef, intercept


def best_threshold(scores: numpy.ndarray, y: numpy.ndarray, *, beta: float = 1.0) -> float:
    """The threshold maximising F-beta on these scores (ties: the middle of the best range)."""
    grid = numpy.linspace(0.05, 0.95, 91)
    best: list[float] = []
    best_value = -1.0
    for threshold in grid:
        predicted = scores >= threshold
        tp = float(numpy.sum(predicted & (y == 1)))
        fp = float(numpy.sum(predicted & (y == 0)))
        fn = float(numpy.sum(~predicted & (y == 1)))
        denominator = (1 + beta**2) * tp + beta**2 * fn + fp
        value = (1 + beta**2) * tp / denominator if denominator else 0.0
        if value > best_value + 1e-9:
            best_value, best = value, [float(threshold)]
        elif abs(value - best_value) <= 1e-9:
            best.append(float(threshold))
    return float(numpy.median(best)) if best else 0.5


def no_theme_fp_rate(scores: numpy.ndarray, y: numpy.ndarray, thresholds: numpy.ndarray) -> float:
    """Share of rows without any gold theme that get at least one theme."""
    no_theme = y.sum(axis=1) == 0
    return float((scores[no_theme] >= thresholds).any(axis=1).mean()) if no_theme.any() else 0.0


BETAS: tuple[float, ...] = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4)


def fit_stacker(
    feats: numpy.ndarray, y: numpy.ndarray, themes: Sequence[str], *, folds: Sequence[int], c: float = 1.0,
    beta: float = 1.0, max_fp_rate: float | None = None,
) -> Stacker:
    """Fit weights on all rows; choose thresholds on stacked scores that are themselves out-of-fold.

    Thresholds maximise F-beta per theme. With max_fp_rate, beta is lowered step by step (BETAS, favouring
    precision evenly over all themes) until the out-of-fold share of no-theme passages that get any theme is at
    most max_fp_rate; this cost far less F1 than raising single thresholds.
    """
    fold_array = numpy.asarray(folds)
    oof = numpy.zeros(y.shape)
    for fold in sorted(set(fold_array.tolist())):
        train = fold_array != fold
        coef, intercept = fit_weights(feats[train], y[train], c=c)
        oof[~train] = Stacker(tuple(themes), coef, intercept, numpy.zeros(len(themes))).scores(feats[~train])
    coef, intercept = fit_weights(feats, y, c=c)
    betas = [beta] + ([b for b in BETAS if b < beta] if max_fp_rate is not None else [])
    for candidate in betas:
        thresholds = numpy.asarray([best_threshold(oof[:, t], y[:, t], beta=candidate) for t in range(len(themes))])
        if max_fp_rate is None or no_theme_fp_rate(oof, y, thresholds) <= max_fp_rate:
            break
    return Stacker(tuple(themes), coef, intercept, thresholds)
