"""Percent agreement: share of agreeing coder pairs per unit, averaged over units coded by two or more coders."""

import pytest

from fieldnotes.analysis.agreement import AgreementInputError, CodingRecord, agreement_by_theme


def test_agreement_percent_hand_example_three_coders():
    records = [
        ("u1", "A", {"x"}), ("u1", "B", {"x", "y"}), ("u1", "C", set()),  # x: AB agree, AC, BC differ -> 1/3
        ("u2", "A", set()), ("u2", "B", set()),                            # x: agree -> 1
        ("u3", "A", {"x"}),                                                # one coder: not pairable
    ]
    result = agreement_by_theme(records)
    assert list(result) == ["x", "y"]
    assert result["x"].units == 2
    assert result["x"].coders == 3
    assert result["x"].percent_agreement == pytest.approx((1 / 3 + 1) / 2)
    # y: u1 only B applied it -> 1/3; u2 agree -> 1
    assert result["y"].percent_agreement == pytest.approx((1 / 3 + 1) / 2)
    assert result["x"].cohen_kappa is None


def test_agreement_percent_missing_units_are_not_disagreement():
    records = [("u1", "A", {"x"}), ("u1", "B", {"x"}), ("u2", "A", {"x"}), ("u3", "B", set())]
    figures = agreement_by_theme(records)["x"]
    assert (figures.units, figures.percent_agreement) == (1, 1.0)


def test_agreement_percent_accepts_coding_records_and_refuses_duplicates():
    records = [CodingRecord("u1", "A", frozenset({"x"})), CodingRecord("u1", "B", frozenset())]
    assert agreement_by_theme(records)["x"].percent_agreement == 0.0
    with pytest.raises(AgreementInputError, match="coded twice"):
        agreement_by_theme([("u1", "A", {"x"}), ("u1", "A", set())])
    with pytest.raises(AgreementInputError, match="collection"):
        agreement_by_theme([("u1", "A", "werkdruk")])


def test_agreement_percent_no_pairable_units_is_none():
    figures = agreement_by_theme([("u1", "A", {"x"}), ("u2", "B", {"x"})])["x"]
    assert (figures.units, figures.coders) == (0, 2)
    assert figures.percent_agreement is None
    assert figures.cohen_kappa is None
    assert figures.krippendorff_alpha is None
