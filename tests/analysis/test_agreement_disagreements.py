"""disagreements lists (unit, theme, {coder: applied}) where the coders of a unit differ."""

from fieldnotes.analysis.agreement import disagreements


def test_agreement_disagreements_lists_differing_units_sorted():
    records = [
        ("u2", "B", {"ict"}), ("u2", "A", set()),
        ("u1", "A", {"werkdruk", "ict"}), ("u1", "B", {"werkdruk"}), ("u1", "C", {"werkdruk", "ict"}),
        ("u3", "A", {"ict"}),  # coded once: nothing to discuss
        ("u4", "A", {"werkdruk"}), ("u4", "B", {"werkdruk"}),  # full agreement
    ]
    assert disagreements(records) == [
        ("u1", "ict", {"A": True, "B": False, "C": True}),
        ("u2", "ict", {"A": False, "B": True}),
    ]


def test_agreement_disagreements_restricted_to_given_themes():
    records = [("u1", "A", {"x", "y"}), ("u1", "B", set())]
    assert disagreements(records, themes=["y"]) == [("u1", "y", {"A": True, "B": False})]
    assert disagreements(records, themes=["z"]) == []
