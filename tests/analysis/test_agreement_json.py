"""to_json gives exactly {theme: {units, coders, percent_agreement, cohen_kappa, krippendorff_alpha}}."""

import json

import pytest

from fieldnotes.analysis.agreement import agreement_by_theme, to_json

KEYS = {"units", "coders", "percent_agreement", "cohen_kappa", "krippendorff_alpha"}


def test_agreement_json_shape_two_coders():
    records = [("u1", "A", {"x"}), ("u1", "B", {"x"}), ("u2", "A", set()), ("u2", "B", {"x"}),
               ("u3", "A", set()), ("u3", "B", set())]
    data = to_json(agreement_by_theme(records))
    assert set(data) == {"x"}
    assert set(data["x"]) == KEYS
    assert data["x"]["units"] == 3 and data["x"]["coders"] == 2
    assert isinstance(data["x"]["cohen_kappa"], float)
    assert json.loads(json.dumps(data, allow_nan=False)) == data


def test_agreement_json_kappa_null_unless_two_coders():
    records = [(u, c, {"x"} if (u, c) != ("u1", "C") else set()) for u in ("u1", "u2") for c in "ABC"]
    text = json.dumps(to_json(agreement_by_theme(records)), allow_nan=False)
    parsed = json.loads(text)
    assert parsed["x"]["cohen_kappa"] is None
    assert parsed["x"]["coders"] == 3
    assert parsed["x"]["krippendorff_alpha"] == pytest.approx(agreement_by_theme(records)["x"].krippendorff_alpha)


def test_agreement_json_undefined_is_null_not_nan():
    records = [("u1", "A", {"x"}), ("u1", "B", {"x"})]
    text = json.dumps(to_json(agreement_by_theme(records)), allow_nan=False)
    assert json.loads(text) == {"x": {"units": 1, "coders": 2, "percent_agreement": 1.0,
                                      "cohen_kappa": None, "krippendorff_alpha": None}}
