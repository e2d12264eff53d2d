"""Surprise extraction where the cue rules need help: passive voice, floor voice, "de brief van X", no cue at all
(the edge model decides), several edges, and no edge for cooperation or a single department."""

from __future__ import annotations

import pytest
from own_cases import HOSPITAL, MUNICIPALITY

from fieldnotes.network.direction import load_model
from fieldnotes.network.graph import edges_from
from fieldnotes.network.registry import DepartmentRegistry
from fieldnotes.network.surprises import extract_surprises

_M = DepartmentRegistry(MUNICIPALITY)
_H = DepartmentRegistry(HOSPITAL)


def _edges(text: str, lang: str, registry: DepartmentRegistry, observed: str | None = None) -> set[tuple[str, str]]:
    return set(edges_from(extract_surprises(text, lang, registry, observed_department=observed)))


def test_surprises_model_is_shipped() -> None:
    model = load_model()
    assert model is not None and 0.0 < model.threshold < 1.0 and model.weights


@pytest.mark.parametrize("registry, lang, text, observed, edge", [
    # "de brief van X" / "the letter from X", target only as a place, no cue word
    (_M, "nl", "De brief van Belastingen lag dinsdag op de mat. Bij het KCC stonden de telefoons niet stil.", None,
     ("Belastingen", "KCC")),
    (_M, "en", "The letter from the tax office arrived on Tuesday. At the contact centre the phones did not stop "
               "ringing.", None, ("Belastingen", "KCC")),
    # passive voice without a cue word
    (_M, "nl", "De nieuwe openingstijden werden door Communicatie bekendgemaakt; de balie moest het aan bezoekers "
               "uitleggen.", None, ("Communicatie", "Burgerzaken")),
    (_M, "en", "New bin collection days were announced by public works. The neighbourhood teams spent the week "
               "answering questions.", None, ("Stadsbeheer", "Wijkteams")),
    # floor voice: the observed unit is the target
    (_H, "nl", "Radiologie heeft de scanner een dag eerder stilgezet. Wij moesten alle patiënten zelf afbellen.",
     "Cardiologie", ("Radiologie", "Cardiologie")),
    (_H, "en", "Scheduling moved every Friday clinic to Thursday. We spent the morning calling patients.",
     "Cardiologie", ("Planning", "Cardiologie")),
])
def test_surprises_model_fallback_edge(registry: DepartmentRegistry, lang: str, text: str, observed: str | None,
                                       edge: tuple[str, str]) -> None:
    assert _edges(text, lang, registry, observed) == {edge}


@pytest.mark.parametrize("lang, text", [
    ("nl", "Maandag zette Communicatie de nieuwe tarieven online zonder de balie te informeren. Woensdag sloot "
           "Stadsbeheer de brug en de wijkteams hoorden het van bewoners."),
    ("en", "On Monday comms published the new fees without telling the front desk. On Wednesday public works closed "
           "the bridge and the neighbourhood teams heard it from residents."),
])
def test_surprises_model_several_edges(lang: str, text: str) -> None:
    assert _edges(text, lang, _M) == {("Communicatie", "Burgerzaken"), ("Stadsbeheer", "Wijkteams")}


@pytest.mark.parametrize("lang, text", [
    ("nl", "Beleid heeft de nieuwe regels samen met het KCC opgesteld en het belscript ligt klaar."),
    ("en", "The tax office walked the contact centre through the new letters a week before they went out."),
    ("nl", "Belastingen stuurde gisteren 4000 aanslagen de deur uit."),
    ("en", "IT replaced the phone system overnight."),
    ("en", "We were pleasantly surprised by how quickly the tax office answered the contact centre."),
    ("en", "Billing and the contact centre share a floor. Nobody has been caught out by anything in particular."),
])
def test_surprises_model_no_edge(lang: str, text: str) -> None:
    assert _edges(text, lang, _M, observed="KCC") == set()


def test_surprises_model_deterministic() -> None:
    text = "De brief van Belastingen lag dinsdag op de mat. Bij het KCC stonden de telefoons niet stil."
    assert extract_surprises(text, "nl", _M) == extract_surprises(text, "nl", _M)
