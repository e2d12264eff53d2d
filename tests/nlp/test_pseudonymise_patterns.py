"""Pseudonymisation without deduce: known names, roles, titles and relation cues; numbering and offsets."""

from __future__ import annotations

import logging
import subprocess
import sys

from fieldnotes.nlp.pseudonymise import PseudonymisedText, pseudonymise


def _check_offsets(original: str, result: PseudonymisedText) -> None:
    """Every replacement points at its original text, and applying them reproduces the new text."""
    rebuilt, cursor = [], 0
    for r in result.replacements:
        assert original[r.start:r.end] == r.original
        rebuilt += [original[cursor:r.start], r.replacement]
        cursor = r.end
    assert "".join(rebuilt) + original[cursor:] == result.text


def test_pseudonymise_patterns_known_names_numbered() -> None:
    text = "Petra zei tegen Karim dat Petra het rapport niet had gezien. KARIM knikte."
    result = pseudonymise(text, known_names=["Petra", "Karim"], use_deduce=False)
    assert result.text == (
        "[PERSOON-1] zei tegen [PERSOON-2] dat [PERSOON-1] het rapport niet had gezien. [PERSOON-2] knikte."
    )
    assert [r.original for r in result.replacements] == ["Petra", "Karim", "Petra", "KARIM"]
    _check_offsets(text, result)


def test_pseudonymise_patterns_english_placeholder() -> None:
    text = "Ask Okafor, then ask Okafor again."
    result = pseudonymise(text, "en", known_names=["Okafor"], use_deduce=False)
    assert result.text == "Ask [PERSON-1], then ask [PERSON-1] again."
    _check_offsets(text, result)


def test_pseudonymise_patterns_roles() -> None:
    text = "Petra de Vries vond het goed, maar Petra wilde eerst Ahmed spreken."
    result = pseudonymise(text, known_names=["Petra de Vries", "Ahmed"], roles={"Petra": "[teamleider]"},
                          use_deduce=False)
    assert result.text == "[teamleider] vond het goed, maar [teamleider] wilde eerst [PERSOON-1] spreken."
    _check_offsets(text, result)
    labels = pseudonymise("Ahmed belde.", roles={"Ahmed": "coördinator"}, use_deduce=False)
    assert labels.text == "[coördinator] belde."


def test_pseudonymise_patterns_titles_and_relations() -> None:
    text = ("On Monday my manager Xandrine told Dr. Okafor and Mrs Lindqvist that Customer Service was late. "
            "Onze teamleider Ilse en mevrouw Bakker waren op Maandag verrast.")
    result = pseudonymise(text, "en", use_deduce=False)
    assert [r.original for r in result.replacements] == ["Xandrine", "Okafor", "Lindqvist", "Ilse", "Bakker"]
    assert result.text.startswith("On Monday my manager [PERSON-1] told Dr. [PERSON-2] and Mrs [PERSON-3] that "
                                  "Customer Service was late.")
    assert "mevrouw [PERSON-5] waren op Maandag verrast" in result.text
    _check_offsets(text, result)


def test_pseudonymise_patterns_same_person_same_number() -> None:
    text = "Mr. Okafor arrived. Later Okafor left, and Dr. Lindqvist stayed with Mr. Okafor."
    result = pseudonymise(text, "en", use_deduce=False)
    assert result.text == ("Mr. [PERSON-1] arrived. Later [PERSON-1] left, and Dr. [PERSON-2] stayed with "
                           "Mr. [PERSON-1].")
    _check_offsets(text, result)


def test_pseudonymise_patterns_keep_departments() -> None:
    text = "Collega Willemijn van Klantcontact belde Backoffice; mevrouw Financiën bestaat niet."
    result = pseudonymise(text, known_names=["Willemijn"], keep=["Klantcontact", "Financiën"], use_deduce=False)
    assert result.text == "Collega [PERSOON-1] van Klantcontact belde Backoffice; mevrouw Financiën bestaat niet."
    _check_offsets(text, result)


def test_pseudonymise_patterns_nothing_to_replace() -> None:
    text = "Het team van ICT had het systeem op 3 maart aangepast zonder Klantcontact te informeren."
    result = pseudonymise(text, use_deduce=False)
    assert result.text == text and result.replacements == ()



def test_pseudonymise_patterns_deduce_import_keeps_logging() -> None:
    """deduce configures DEBUG logging to stdout when imported; the import helper undoes that (checked in a
    fresh interpreter, where deduce is not imported yet)."""
    code = (
        "import logging; from fieldnotes.nlp.pseudonymise import _import_deduce; _import_deduce(); "
        "root = logging.getLogger(); print(len(root.handlers), root.level)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["0", str(logging.WARNING)]
