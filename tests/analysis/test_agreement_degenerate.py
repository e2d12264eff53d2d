"""Kappa and alpha are None (undefined), never NaN or 1.0, when the theme shows no variation."""

import warnings

from fieldnotes.analysis.agreement import agreement_by_theme


def test_agreement_degenerate_everyone_always_applies_theme():
    records = [(u, c, {"x"}) for u in ("u1", "u2", "u3") for c in ("A", "B")]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no sklearn/krippendorff division warnings leak out
        figures = agreement_by_theme(records)["x"]
    assert figures.percent_agreement == 1.0
    assert figures.cohen_kappa is None
    assert figures.krippendorff_alpha is None


def test_agreement_degenerate_theme_nobody_applied():
    records = [("u1", "A", {"y"}), ("u1", "B", set()), ("u2", "A", set()), ("u2", "B", {"y"})]
    figures = agreement_by_theme(records, themes=["x", "y"])
    assert figures["x"].percent_agreement == 1.0
    assert (figures["x"].cohen_kappa, figures["x"].krippendorff_alpha) == (None, None)
    assert figures["y"].percent_agreement == 0.0
    assert figures["y"].cohen_kappa == -1.0  # defined: systematic disagreement


def test_agreement_degenerate_variation_only_in_unpairable_unit():
    # The only 0 sits in a unit coded once: on pairable units everything is 1 -> undefined.
    records = [("u1", "A", {"x"}), ("u1", "B", {"x"}), ("u2", "A", {"x"}), ("u2", "B", {"x"}), ("u3", "A", set())]
    figures = agreement_by_theme(records)["x"]
    assert (figures.units, figures.cohen_kappa, figures.krippendorff_alpha) == (2, None, None)


def test_agreement_degenerate_constant_but_different_coders():
    # A always applies, B never: kappa 0 (sklearn), alpha defined and negative.
    records = [(u, "A", {"x"}) for u in ("u1", "u2", "u3")] + [(u, "B", set()) for u in ("u1", "u2", "u3")]
    figures = agreement_by_theme(records)["x"]
    assert figures.cohen_kappa == 0.0
    assert figures.krippendorff_alpha is not None and figures.krippendorff_alpha < 0
    assert figures.percent_agreement == 0.0


def test_agreement_degenerate_no_records():
    assert agreement_by_theme([]) == {}
    empty = agreement_by_theme([], themes=["x"])["x"]
    assert (empty.units, empty.coders, empty.percent_agreement) == (0, 0, None)
