"""JSONL import/export: all-or-nothing with line numbers, and byte-exact round trips."""

import io
import json

import pytest
from sqlalchemy.orm import Session

from fieldnotes.domain.errors import ImportFileError, ValidationError
from fieldnotes.services import notes, notes_io

TRICKY = [
    "Ünïcödé: ĳ, ß, Ærøskøbing, 你好, مرحبا",
    "emoji 🎉👩🏽‍💻 and a zero-width joiner",
    "windows\r\nline\r\nendings\r\n",
    "tabs\tinside\tthe\ttext\n  and leading spaces",
    '<img src=x onerror=alert(1)> </script><script>alert("x")</script> &amp; <b>bold</b>',
    "old mac\rline ending and trailing whitespace   ",
]


def _jsonl(lines: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()


def test_notes_io_round_trip_is_byte_exact(session: Session, project_id: int) -> None:
    lines = [{"id": f"n{i}", "text": t, "lang": "en", "department": "KCC"} for i, t in enumerate(TRICKY)]
    report = notes_io.import_notes_jsonl(session, project_id, _jsonl(lines), "t")
    assert report.imported == len(TRICKY)
    out = io.BytesIO()
    notes_io.export_notes_jsonl(session, project_id, out)
    back = {o["id"]: o["text"] for o in map(json.loads, out.getvalue().decode().splitlines())}
    for i, text in enumerate(TRICKY):
        assert back[f"n{i}"].encode("utf-8") == text.encode("utf-8")


@pytest.mark.parametrize(
    ("payload", "line", "key"),
    [
        (b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "kapot"\n', 2, "error.jsonl_syntax"),
        (b'{"id": "a", "text": "ok"}\n\n[1, 2]\n', 3, "error.jsonl_not_object"),
        (b'{"id": "a", "text": "ok"}\n{"id": "b"}\n', 2, "error.jsonl_missing"),
        (b'{"id": "a", "text": "ok"}\n{"id": "a", "text": "twice"}\n', 2, "error.jsonl_duplicate_id"),
        (b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "   "}\n', 2, "error.jsonl_line_key"),
        (b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "x", "date": "2026-99-01"}\n', 2, "error.jsonl_line_key"),
        (b'{"id": "a", "text": "ok", "kind": "gossip"}\n', 1, "error.jsonl_line_key"),
        (b'{"id": "a", "text": "\\ud800 lone surrogate"}\n', 1, "error.jsonl_line"),
    ],
)
def test_notes_io_malformed_line_is_named_and_nothing_is_stored(
    session: Session, project_id: int, payload: bytes, line: int, key: str
) -> None:
    with pytest.raises(ImportFileError) as err:
        notes_io.import_notes_jsonl(session, project_id, payload, "t")
    assert err.value.key == key and err.value.params["line"] == line
    assert f"Line {line}" in str(err.value)
    assert notes.count_notes(session, project_id) == 0


def test_notes_io_oversized_text_is_refused(session: Session, project_id: int) -> None:
    payload = _jsonl([{"id": "big", "text": "x" * 200_001}])
    with pytest.raises(ImportFileError) as err:
        notes_io.import_notes_jsonl(session, project_id, payload, "t")
    assert err.value.params["reason_key"] == "error.text_too_long"
    assert notes.count_notes(session, project_id) == 0


@pytest.mark.parametrize("payload", [b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", b'{"id": "a", "text": "caf\xe9"}\n'])
def test_notes_io_binary_or_undecodable_upload_is_refused(session: Session, project_id: int, payload: bytes) -> None:
    with pytest.raises(ValidationError):
        notes_io.import_notes_jsonl(session, project_id, payload, "t")
    assert notes.count_notes(session, project_id) == 0


def test_notes_io_reimport_skips_existing_ids(session: Session, project_id: int) -> None:
    payload = _jsonl([{"id": "a", "text": "Eerste notitie."}])
    notes_io.import_notes_jsonl(session, project_id, payload, "t")
    report = notes_io.import_notes_jsonl(session, project_id, payload, "t")
    assert (report.imported, report.skipped_existing) == (0, 1)
    assert notes.count_notes(session, project_id) == 1
