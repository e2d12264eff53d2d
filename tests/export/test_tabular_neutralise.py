"""Formula injection: every dangerous leading character is neutralised, numbers stay numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from fieldnotes.export.tabular import neutralise


@pytest.mark.parametrize(
    "value",
    ["=SUM(A1:A9)", "+31 6 1234 5678", "-5 klanten", "@SUM(1)", "\t=1+1", "\rcmd", "=HYPERLINK(\"x\")",
     "-", "+", "＝1+1", "-2+3", "=1"],
)
def test_tabular_neutralise_prefixes_dangerous_text(value: str) -> None:
    safe = neutralise(value)
    assert safe == "'" + value  # readable: the original text follows the quote unchanged


@pytest.mark.parametrize("char", ["=", "+", "-", "@", "\t", "\r"])
def test_tabular_neutralise_each_character(char: str) -> None:
    assert neutralise(char + "cmd|' /C calc'!A0") == "'" + char + "cmd|' /C calc'!A0"


@pytest.mark.parametrize("value", [-5, -0.25, 3, 0, 1e6, dt.date(2024, 3, 1), None, True])
def test_tabular_neutralise_keeps_non_text(value: object) -> None:
    assert neutralise(value) is value


@pytest.mark.parametrize("value", ["-5", "+3", "-0,5", "-12.75", "-1e3", "42"])
def test_tabular_neutralise_keeps_number_text(value: str) -> None:
    assert neutralise(value) == value


@pytest.mark.parametrize("value", ["Klantcontact", "5 - 3 klanten", " =niet aan het begin", "", "'al gequote"])
def test_tabular_neutralise_keeps_harmless_text(value: str) -> None:
    assert neutralise(value) == value
