"""Validation rules for notes: bad input gets a clear, specific error."""

import datetime as dt

import pytest

from fieldnotes.domain.errors import ValidationError
from fieldnotes.domain.notes import (
    MAX_NOTE_CHARS,
    NoteInput,
    decode_upload,
    parse_date,
    parse_kind,
    validate_note,
)
from fieldnotes.domain.enums import NoteKind


@pytest.mark.parametrize("text", ["", "   ", "\n\t \r\n"])
def test_notes_validation_rejects_empty_text(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_note(NoteInput(text=text))
    assert err.value.key == "error.empty_text"


def test_notes_validation_rejects_text_over_limit() -> None:
    with pytest.raises(ValidationError) as err:
        validate_note(NoteInput(text="a" * (MAX_NOTE_CHARS + 1)))
    assert err.value.key == "error.text_too_long"
    assert err.value.params["limit"] == MAX_NOTE_CHARS


def test_notes_validation_accepts_text_at_limit_unchanged() -> None:
    text = "é\r\n\t<b>x</b> 🙂" + "a" * (MAX_NOTE_CHARS - 15)
    assert validate_note(NoteInput(text=text)).text == text


@pytest.mark.parametrize("value", ["2026-13-01", "31-12-2026", "gisteren", "2026-02-30"])
def test_notes_validation_rejects_invalid_dates(value: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_date(value)
    assert err.value.key == "error.invalid_date"


def test_notes_validation_parses_iso_date_and_empty() -> None:
    assert parse_date("2026-09-14") == dt.date(2026, 9, 14)
    assert parse_date("") is None and parse_date(None) is None


def test_notes_validation_kind_defaults_and_rejects_unknown() -> None:
    assert parse_kind(None) is NoteKind.OBSERVATION
    assert parse_kind("Interview") is NoteKind.INTERVIEW
    with pytest.raises(ValidationError):
        parse_kind("gossip")


def test_notes_validation_rejects_binary_text() -> None:
    with pytest.raises(ValidationError) as err:
        validate_note(NoteInput(text="abc\x00def"))
    assert err.value.key == "error.binary_text"


def test_notes_validation_decodes_utf8_with_bom_and_refuses_binary() -> None:
    assert decode_upload("\ufeffhallo".encode()) == "hallo"
    with pytest.raises(ValidationError) as err:
        decode_upload(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert err.value.key == "error.binary_upload"
    with pytest.raises(ValidationError) as err:
        decode_upload(b"caf\xe9 latin-1")
    assert err.value.key == "error.undecodable_upload"
