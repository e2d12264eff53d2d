"""Surprise extraction on hand-written Dutch and English passages."""

from __future__ import annotations

import pytest

from fieldnotes.network.graph import edges_from
from fieldnotes.network.registry import DepartmentRegistry
from fieldnotes.network.surprises import Surprise, extract_surprises


def _edges(text: str, lang: str, registry: DepartmentRegistry | None, observed: str | None = None,
           ) -> set[tuple[str, str]]:
    return set(edges_from(extract_surprises(text, lang, registry, observed_department=observed)))


@pytest.mark.parametrize("text, lang, edge", [
    ("Beleid stuurde vorige week 600 brieven naar bewoners en het KCC werd de volgende ochtend platgebeld.",
     "nl", ("Beleid", "KCC")),
    ("ICT voerde dinsdag een update van het zaaksysteem door zonder Vergunningen te informeren.",
     "nl", ("ICT", "Vergunningen")),
    ("De afdeling Belastingen heeft de aanslagen een week eerder verstuurd; het klantcontactcentrum wist van niets.",
     "nl", ("Belastingen", "KCC")),
    ("IT pushed a new version of the booking tool on Friday night and the contact centre was caught off guard "
     "on Monday.", "en", ("ICT", "KCC")),
    ("Communications published the new opening hours online, but nobody told the front desk.",
     "en", ("Communicatie", "Burgerzaken")),
])
def test_surprises_extract_active(text: str, lang: str, edge: tuple[str, str],
                                  municipality: DepartmentRegistry) -> None:
    assert _edges(text, lang, municipality) == {edge}


@pytest.mark.parametrize("text, lang, edge", [
    ("Het KCC werd overspoeld met telefoontjes nadat Beleid een brief over de afvalpas had verstuurd.",
     "nl", ("Beleid", "KCC")),
    ("De nieuwe parkeertarieven zijn door Communicatie op de website gezet; Burgerzaken was niet geïnformeerd.",
     "nl", ("Communicatie", "Burgerzaken")),
    ("Vergunningen was not informed when IT changed the case management system.", "en", ("ICT", "Vergunningen")),
    ("The contact centre was flooded with calls after letters were sent by the tax office.",
     "en", ("Belastingen", "KCC")),
])
def test_surprises_extract_passive(text: str, lang: str, edge: tuple[str, str],
                                   municipality: DepartmentRegistry) -> None:
    assert _edges(text, lang, municipality) == {edge}


@pytest.mark.parametrize("text, lang", [
    ("Beleid had de regels voor de parkeervergunning aangepast. Wij wisten nergens van.", "nl"),
    ("Belastingen verstuurde de aanslagen en wij hoorden het van bellers.", "nl"),
    ("IT rolled out the new phone menu overnight. Nobody told us.", "en"),
    ("We heard it from callers: the policy team had changed the rules for the parking permit.", "en"),
])
def test_surprises_extract_observer_as_target(text: str, lang: str, municipality: DepartmentRegistry) -> None:
    edges = _edges(text, lang, municipality, observed="klantcontactcentrum")
    assert len(edges) == 1
    ((source, target),) = edges
    assert target == "KCC" and source in {"Beleid", "Belastingen", "ICT"}


def test_surprises_extract_observer_unknown_gives_no_edge(municipality: DepartmentRegistry) -> None:
    surprises = extract_surprises("IT rolled out the new phone menu overnight. Nobody told us.", "en", municipality)
    assert edges_from(surprises) == []
    assert any(s.source == "ICT" and s.target is None for s in surprises)


def test_surprises_extract_speaker_names_own_unit(municipality: DepartmentRegistry) -> None:
    text = "Wij van Burgerzaken wisten van niks toen ICT het afsprakensysteem verving."
    assert _edges(text, "nl", municipality, observed="KCC") == {("ICT", "Burgerzaken")}


@pytest.mark.parametrize("text, lang", [
    ("Het KCC werd vanochtend platgebeld over de nieuwe afvalpas.", "nl"),
    ("Beleid stuurde 600 brieven over de nieuwe afvalpas.", "nl"),
    ("The contact centre had a quiet morning; the system ran fine.", "en"),
    ("Vergunningen en ICT bespraken de planning voor het nieuwe zaaksysteem.", "nl"),
])
def test_surprises_extract_no_edge(text: str, lang: str, municipality: DepartmentRegistry) -> None:
    assert _edges(text, lang, municipality) == set()


@pytest.mark.parametrize("text, lang", [
    ("Beleid had het KCC vooraf geïnformeerd over de brief, dus het belscript lag al klaar.", "nl"),
    ("IT warned us two weeks in advance about the update, so the contact centre was ready.", "en"),
    ("Communicatie deelde de conceptbrief drie weken van tevoren met Burgerzaken.", "nl"),
    ("The tax office briefed the contact centre before the letters went out.", "en"),
])
def test_surprises_extract_cooperation_negatives(text: str, lang: str, municipality: DepartmentRegistry) -> None:
    assert _edges(text, lang, municipality, observed="KCC") == set()


def test_surprises_extract_several_edges_one_note(municipality: DepartmentRegistry) -> None:
    text = ("Maandag verstuurde Belastingen de aanslagen en het KCC werd overspoeld. "
            "Dinsdag voerde ICT een update door zonder Vergunningen te informeren. "
            "Woensdag werd het KCC opnieuw platgebeld over de aanslagen van Belastingen.")
    surprises = extract_surprises(text, "nl", municipality)
    assert set(edges_from(surprises)) == {("Belastingen", "KCC"), ("ICT", "Vergunningen")}
    assert len(edges_from(surprises)) == 2
    ev = {(s.source, s.target): s.evidence for s in surprises}
    assert "Vergunningen" in ev[("ICT", "Vergunningen")]
    assert ev[("ICT", "Vergunningen")] in text


def test_surprises_extract_without_registry() -> None:
    text = "De afdeling Belastingen verstuurde de aanslagen; het KCC werd platgebeld."
    assert _edges(text, "nl", None) == {("Belastingen", "KCC")}


def test_surprises_extract_never_self_loop(municipality: DepartmentRegistry) -> None:
    text = "ICT changed the login screen and IT was caught off guard."
    assert all(s.source != s.target for s in extract_surprises(text, "en", municipality))


def test_surprises_extract_dataclass() -> None:
    s = Surprise("A", None, "x")
    assert edges_from([s, Surprise("A", "A", "y"), Surprise("A", "B", "z"), Surprise("A", "B", "w")]) == [("A", "B")]


def test_surprises_extract_own_cases_quality() -> None:
    """Precision and recall (direction counts) on the hand-written cases stay at or above 0.9."""
    from own_cases import CASES, HOSPITAL, MUNICIPALITY

    registries = {"m": DepartmentRegistry(MUNICIPALITY), "h": DepartmentRegistry(HOSPITAL)}
    tp = fp = fn = 0
    for reg, lang, text, observed, expected in CASES:
        pred = _edges(text, lang, registries[reg], observed)
        tp, fp, fn = tp + len(pred & expected), fp + len(pred - expected), fn + len(expected - pred)
    assert tp / (tp + fp) >= 0.9 and tp / (tp + fn) >= 0.9
