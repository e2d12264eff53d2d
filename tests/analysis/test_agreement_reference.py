"""Kappa and alpha equal scikit-learn's cohen_kappa_score and the krippendorff package on random data."""

import random

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from fieldnotes.analysis.agreement import agreement_by_theme

THEMES = ["werkdruk", "communicatie", "ict", "zeldzaam"]


def _random_records(seed: int, n_coders: int, n_units: int, p_missing: float):
    rng = random.Random(seed)
    coders = [f"coder{i}" for i in range(n_coders)]
    records = []
    for u in range(n_units):
        for coder in coders:
            if rng.random() < p_missing:
                continue  # this coder did not code this unit
            weights = {"werkdruk": 0.5, "communicatie": 0.3, "ict": 0.15, "zeldzaam": 0.04}
            themes = {t for t, p in weights.items() if rng.random() < p}
            records.append((f"u{u:03d}", coder, themes))
    return coders, records


def _matrix(coders, records, theme):
    units = sorted({r[0] for r in records})
    data = np.full((len(coders), len(units)), np.nan)
    for unit, coder, themes in records:
        data[coders.index(coder), units.index(unit)] = float(theme in themes)
    return data


@pytest.mark.parametrize("seed", range(8))
def test_agreement_reference_two_coders_match_sklearn_and_krippendorff(seed):
    coders, records = _random_records(seed, 2, 60, p_missing=0.2)
    result = agreement_by_theme(records, THEMES)
    for theme in THEMES:
        data = _matrix(coders, records, theme)
        both = ~np.isnan(data).any(axis=0)
        y1, y2 = data[0, both], data[1, both]
        figures = result[theme]
        assert figures.units == int(both.sum())
        assert figures.coders == 2
        if len(set(y1) | set(y2)) < 2:
            assert figures.cohen_kappa is None and figures.krippendorff_alpha is None
            continue
        assert figures.cohen_kappa == pytest.approx(cohen_kappa_score(y1, y2), abs=1e-12)
        expected_alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert figures.krippendorff_alpha == pytest.approx(expected_alpha, abs=1e-12)
        assert figures.percent_agreement == pytest.approx(float(np.mean(y1 == y2)))


@pytest.mark.parametrize(("seed", "n_coders"), [(s, n) for s in range(5) for n in (3, 4, 6)])
def test_agreement_reference_many_coders_with_missing_match_krippendorff(seed, n_coders):
    coders, records = _random_records(100 + seed, n_coders, 50, p_missing=0.35)
    result = agreement_by_theme(records, THEMES)
    for theme in THEMES:
        data = _matrix(coders, records, theme)
        pairable = (~np.isnan(data)).sum(axis=0) >= 2
        figures = result[theme]
        assert figures.cohen_kappa is None  # more than two coders
        assert figures.coders == n_coders
        assert figures.units == int(pairable.sum())
        if len(set(data[:, pairable][~np.isnan(data[:, pairable])])) < 2:
            assert figures.krippendorff_alpha is None
            continue
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert figures.krippendorff_alpha == pytest.approx(expected, abs=1e-12)


def test_agreement_reference_hand_computed_values():
    # Two coders, ten units: 4 both yes, 3 both no, 2 only A, 1 only B -> po .7, pe .5, kappa .4.
    pattern = [(1, 1)] * 4 + [(0, 0)] * 3 + [(1, 0)] * 2 + [(0, 1)]
    records = [(f"u{i}", c, {"x"} if v else set()) for i, pair in enumerate(pattern) for c, v in zip("AB", pair)]
    figures = agreement_by_theme(records)["x"]
    assert figures.cohen_kappa == pytest.approx(0.4)
    assert figures.percent_agreement == pytest.approx(0.7)
    # Alpha by hand: units (1,1),(0,0),(1,0),(0,0): Do = 2/8, De = 2*5*3/(8*7) -> alpha = 8/15.
    small = [(u, c, {"x"} if v else set()) for u, pair in zip("abcd", [(1, 1), (0, 0), (1, 0), (0, 0)])
             for c, v in zip("AB", pair)]
    assert agreement_by_theme(small)["x"].krippendorff_alpha == pytest.approx(8 / 15)
