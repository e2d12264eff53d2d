"""Stacking cue and textcat signals, thresholds and the no-theme false-positive limit."""

from __future__ import annotations

import numpy

from fieldnotes.nlp.scoring import Stacker, best_threshold, features, fit_stacker, no_theme_fp_rate


def _data(n: int = 400, seed: int = 0) -> tuple[numpy.ndarray, numpy.ndarray]:
    rng = numpy.random.default_rng(seed)
    y = (rng.random((n, 2)) < 0.3).astype(int)
    probs = numpy.clip(0.25 + 0.5 * y + rng.normal(0, 0.2, y.shape), 0.01, 0.99)
    active = (y * (rng.random(y.shape) < 0.5)).astype(float)
    return features(probs, active, numpy.zeros(y.shape), numpy.zeros(y.shape)), y


def test_scoring_stacker_fit_and_roundtrip() -> None:
    feats, y = _data()
    stacker = fit_stacker(feats, y, ["a", "b"], folds=[i % 5 for i in range(len(y))])
    scores = stacker.scores(feats)
    assert scores.shape == y.shape and ((scores >= 0) & (scores <= 1)).all()
    assert (stacker.coef[:, :2] > 0).all()  # textcat logit and active cues both raise the score
    again = Stacker.from_json(stacker.to_json())
    assert numpy.allclose(again.scores(feats), scores, atol=1e-5)


def test_scoring_stacker_threshold_maximises_f1() -> None:
    scores = numpy.asarray([0.1, 0.2, 0.6, 0.7, 0.8])
    y = numpy.asarray([0, 0, 1, 1, 1])
    assert 0.2 <= best_threshold(scores, y) <= 0.6


def test_scoring_stacker_limits_false_positives() -> None:
    feats, y = _data(seed=1)
    folds = [i % 5 for i in range(len(y))]
    free = fit_stacker(feats, y, ["a", "b"], folds=folds)
    limited = fit_stacker(feats, y, ["a", "b"], folds=folds, max_fp_rate=0.05)
    scores = free.scores(feats)
    assert (limited.thresholds >= free.thresholds).all()
    assert no_theme_fp_rate(scores, y, limited.thresholds) < no_theme_fp_rate(scores, y, free.thresholds)
