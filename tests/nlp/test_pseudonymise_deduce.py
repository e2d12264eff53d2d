"""Pseudonymisation with deduce on Dutch and English notes (slow: loads deduce's lookup structures)."""

from __future__ import annotations

import time

import pytest

from fieldnotes.nlp import pseudonymise as ps

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    seconds = ps.warm_up()
    print(f"deduce warm-up: {seconds:.1f} s")


def _originals(result: ps.PseudonymisedText, text: str) -> list[str]:
    for r in result.replacements:
        assert text[r.start:r.end] == r.original
    return [r.original for r in result.replacements]


def test_pseudonymise_deduce_dutch() -> None:
    text = ("Toen Petra van Klantcontact op maandag 3 maart 2024 zei dat Backoffice niets doorgaf, lachte Jan. "
            "Mevrouw De Vries en dhr. Jansen uit Utrecht belden met het Antonius Ziekenhuis. "
            "Later zei De Vries dat Jan gelijk had.")
    result = ps.pseudonymise(text, "nl", keep=["Klantcontact", "Backoffice"])
    assert _originals(result, text) == ["Petra", "Jan", "De Vries", "Jansen", "De Vries", "Jan"]
    assert result.text == (
        "Toen [PERSOON-1] van Klantcontact op maandag 3 maart 2024 zei dat Backoffice niets doorgaf, lachte "
        "[PERSOON-2]. Mevrouw [PERSOON-3] en dhr. [PERSOON-4] uit Utrecht belden met het Antonius Ziekenhuis. "
        "Later zei [PERSOON-3] dat [PERSOON-2] gelijk had."
    )


def test_pseudonymise_deduce_english() -> None:
    text = ("On Monday in May my manager Sarah said that Customer Service never hears from Finance. "
            "Mr. Brown agreed with John Smith. Will the team listen? Sarah Johnson doubted it; Sarah left.")
    result = ps.pseudonymise(text, "en", keep=["Customer Service", "Finance"])
    assert _originals(result, text) == ["Sarah", "Brown", "John Smith", "Sarah Johnson", "Sarah"]
    assert result.text == (
        "On Monday in May my manager [PERSON-1] said that Customer Service never hears from Finance. "
        "Mr. [PERSON-2] agreed with [PERSON-3]. Will the team listen? [PERSON-1] doubted it; [PERSON-1] left."
    )


def test_pseudonymise_deduce_roles_and_speed() -> None:
    text = "Fatima el Amrani, teamleider van Beleid, sprak met Daan. Fatima bleef."
    started = time.perf_counter()
    for _ in range(20):
        result = ps.pseudonymise(text, roles={"Fatima el Amrani": "[teamleider Beleid]"}, keep=["Beleid"])
    per_text = (time.perf_counter() - started) / 20
    print(f"deduce pseudonymise per text (warm): {per_text * 1000:.1f} ms")
    assert result.text == (
        "[teamleider Beleid], teamleider van Beleid, sprak met [PERSOON-1]. [teamleider Beleid] bleef."
    )
    assert per_text < 0.5


def test_pseudonymise_deduce_worker_process_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Petra de Vries van het KCC belde met Jan Jansen; daarna zei Petra dat het goed was."
    in_process = ps.pseudonymise(text, "nl", keep=["KCC"])
    monkeypatch.setattr(ps, "_worker", None)
    try:
        assert ps.start_worker().result(timeout=600) > 0
        assert ps._worker is not None
        assert ps.pseudonymise(text, "nl", keep=["KCC"]) == in_process
    finally:
        if ps._worker is not None:
            ps._worker.shutdown()
