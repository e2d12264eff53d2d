"""Agreement over a project's codings: 3 coders with missing data, checked against scikit-learn and krippendorff."""

from __future__ import annotations

import json

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score
from sqlalchemy.orm import Session

from fieldnotes.analysis.agreement import agreement_by_theme, parse_jsonl, to_json
from fieldnotes.domain.enums import CodingStatus
from fieldnotes.services import agreement, coding, notes
from tests.services.test_coding_decide import make_note, suggest, theme_id

A, R = CodingStatus.ACCEPTED, CodingStatus.REJECTED
# passage index -> coder -> decisions; a coder absent for a passage never touched it (missing data)
DECISIONS: dict[int, dict[str, dict[str, CodingStatus]]] = {
    0: {"Anouk": {"silos": A}, "Bram": {"silos": A}, "Carla": {"ideas": R}},
    1: {"Anouk": {"silos": R}, "Bram": {"silos": A}},
    2: {"Anouk": {"ideas": A, "silos": A}, "Bram": {"ideas": A}, "Carla": {"silos": A, "ideas": A}},
    3: {"Anouk": {"silos": A}, "Carla": {"silos": R}},
    4: {"Anouk": {"ideas": R}, "Bram": {"ideas": A}},
    5: {"Bram": {"silos": A}, "Carla": {"silos": A}},
}
CODERS = ["Anouk", "Bram", "Carla"]


def _applied(unit: int, coder: str, theme: str) -> float:
    decided = DECISIONS[unit].get(coder)
    return np.nan if decided is None else float(decided.get(theme) is A)


@pytest.fixture
def coded(session: Session, project_id: int) -> list[int]:
    """Six coded passages over two notes, a seventh nobody coded, and model suggestions; returns passage ids."""
    _, first = make_note(session, project_id)
    _, second = make_note(session, project_id, title="Tweede")
    _, (untouched, *_) = make_note(session, project_id, title="Derde")
    passages = first + second
    for index, by_coder in DECISIONS.items():
        for coder, themes in by_coder.items():
            for key, status in themes.items():
                coding.decide(session, project_id, passages[index], theme_id(session, project_id, key), status, coder)
    silos, ideas = theme_id(session, project_id, "silos"), theme_id(session, project_id, "ideas")
    suggest(session, passages[0], silos)
    suggest(session, passages[2], ideas)
    suggest(session, passages[5], silos)
    suggest(session, passages[1], ideas, 0.2, above=False)
    suggest(session, untouched, silos)
    return passages


def test_agreement_project_matches_krippendorff_with_three_coders(session: Session, project_id: int,
                                                                 coded: list[int]) -> None:
    result = agreement.project_agreement(session, project_id)
    assert result.coders == CODERS and result.units == 6
    for theme in ("silos", "ideas"):
        data = np.array([[_applied(u, c, theme) for u in range(6)] for c in CODERS])
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert result.by_theme[theme].krippendorff_alpha == pytest.approx(expected)
        assert result.by_theme[theme].cohen_kappa is None, "kappa needs exactly two coders"
    assert result.by_theme["silos"].percent_agreement == pytest.approx((1 / 3 + 0 + 1 / 3 + 0 + 1 + 1) / 6)


def test_agreement_project_pair_matches_sklearn_kappa(session: Session, project_id: int, coded: list[int]) -> None:
    result = agreement.project_agreement(session, project_id, coders=["Anouk", "Bram"])
    both = [u for u in range(6) if "Anouk" in DECISIONS[u] and "Bram" in DECISIONS[u]]
    for theme in ("silos", "ideas"):
        y1 = [int(_applied(u, "Anouk", theme)) for u in both]
        y2 = [int(_applied(u, "Bram", theme)) for u in both]
        assert result.by_theme[theme].cohen_kappa == pytest.approx(cohen_kappa_score(y1, y2))
        assert result.by_theme[theme].units == len(both)


def test_agreement_project_disagreements_say_who_said_what(session: Session, project_id: int,
                                                           coded: list[int]) -> None:
    found = {(d.passage_id, d.theme_key): d for d in agreement.project_agreement(session, project_id).disagreements}
    assert found[(coded[1], "silos")].verdicts == {"Anouk": "rejected", "Bram": "accepted"}
    assert found[(coded[0], "silos")].verdicts == {"Anouk": "accepted", "Bram": "accepted", "Carla": "open"}
    assert found[(coded[0], "silos")].theme_label == "Silo's"
    assert found[(coded[0], "silos")].passage_text.startswith("Beleid stuurde")
    assert (coded[5], "silos") not in found


def test_agreement_project_model_is_one_more_coder_on_the_same_units(session: Session, project_id: int,
                                                                     coded: list[int]) -> None:
    records = agreement.coding_records(session, project_id, include_model=True)
    model = {int(r.unit): set(r.themes) for r in records if r.coder == "model:test-1"}
    assert set(model) == set(coded), "only units humans coded; the untouched passage is absent"
    assert model[coded[0]] == {"silos"} and model[coded[1]] == set() and model[coded[2]] == {"ideas"}
    result = agreement.project_agreement(session, project_id, include_model=True)
    assert result.coders == [*CODERS, "model:test-1"]
    assert any(d.verdicts.get("model:test-1") == "not_suggested" for d in result.disagreements)


def test_agreement_project_json_equals_the_jsonl_route(session: Session, project_id: int, coded: list[int]) -> None:
    lines = [
        json.dumps({"unit": str(coded[u]), "coder": c, "themes": [k for k, s in d.items() if s is A]})
        for u, by_coder in DECISIONS.items() for c, d in by_coder.items()
    ]
    from_db = agreement.project_agreement_json(session, project_id)
    from_file = to_json(agreement_by_theme(parse_jsonl(lines)))
    assert from_db["silos"] == from_file["silos"] and from_db["ideas"] == from_file["ideas"]
    assert set(from_db) >= {"silos", "ideas", "no_time", "surprise"}, "every active theme is reported"
    assert json.loads(json.dumps(from_db)) == from_db


def test_agreement_project_ignores_deleted_notes(session: Session, project_id: int, coded: list[int]) -> None:
    before = agreement.project_agreement(session, project_id).units
    note_id = next(r.id for r in notes.list_notes(session, project_id) if r.title == "Tweede")
    notes.delete_note(session, project_id, note_id, "Anouk")
    assert agreement.project_agreement(session, project_id).units == before - 3
