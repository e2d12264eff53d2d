"""The `fieldnotes` command line: import/export round trip, tag contract, agreement, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldnotes.cli import main
from fieldnotes.domain.enums import DEFAULT_THEMES

TRICKY = [
    "Ünïcödé ĳ ß Ærø 你好 — “quotes”",
    "emoji 🎉👩🏽‍💻",
    "crlf\r\nline\r\n",
    "tab\there",
    '<img src=x onerror=alert(1)></script><b>bold</b>',
]


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh SQLite database for the command line."""
    monkeypatch.setenv("FIELDNOTES_DB_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    return tmp_path


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode())
    return path


def test_cli_import_export_round_trip_is_byte_exact(cli_db: Path) -> None:
    rows = [
        {"id": f"n{i}", "text": t, "lang": "nl", "department": "KCC", "kind": "interview", "date": "2026-09-01",
         "consultant": "Anouk", "title": f"t{i}"}
        for i, t in enumerate(TRICKY)
    ]
    src = _write_jsonl(cli_db / "in.jsonl", rows)
    assert main(["import", "--input", str(src)]) == 0
    out = cli_db / "out.jsonl"
    assert main(["export", "--format", "jsonl", "--output", str(out)]) == 0
    back = {o["id"]: o for o in map(json.loads, out.read_bytes().decode("utf-8").splitlines())}
    for row in rows:
        got = back[row["id"]]
        assert got["text"].encode() == str(row["text"]).encode()
        assert (got["department"], got["kind"], got["date"], got["consultant"], got["title"]) == (
            "KCC", "interview", "2026-09-01", "Anouk", row["title"])


def test_cli_import_malformed_line_names_it_and_imports_nothing(
    cli_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = cli_db / "bad.jsonl"
    src.write_text('{"id": "a", "text": "goed"}\n{"id": "b", "text": "kapot"\n', encoding="utf-8")
    assert main(["import", "--input", str(src)]) == 2
    assert "Line 2" in capsys.readouterr().err
    from sqlalchemy import func, select

    from fieldnotes.services import runtime
    from fieldnotes.storage.models import Note, Project

    with runtime.transaction() as session:
        assert session.scalar(select(func.count(Note.id))) == 0
        assert session.scalar(select(func.count(Project.id))) == 0


def test_cli_import_binary_file_gets_clear_error(cli_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = cli_db / "photo.jsonl"
    src.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert main(["import", "--input", str(src)]) == 2
    assert "binary" in capsys.readouterr().err


def test_cli_tag_contract_shape_and_order(tmp_path: Path) -> None:
    rows = [
        {"id": 1, "text": "We hebben structureel te weinig mensen; de achterstand groeit elke week.", "lang": "nl"},
        {"id": "b", "text": ""},
        {"id": "c", "text": "Management never listens to our ideas; decisions are made top-down without us."},
        {"id": "d", "text": "Beleid stuurde 600 brieven zonder het KCC te informeren. Het KCC werd overspoeld "
                            "met telefoontjes.", "department": "KCC"},
    ]
    src = _write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    assert main(["tag", "--input", str(src), "--output", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [line["id"] for line in lines] == [1, "b", "c", "d"]
    for line in lines:
        assert set(line) >= {"id", "lang", "themes", "scores", "evidence", "departments", "surprises"}
        assert set(line["scores"]) == set(DEFAULT_THEMES)
        assert all(0.0 <= v <= 1.0 for v in line["scores"].values())
        assert set(line["evidence"]) <= set(line["themes"])
    assert lines[0]["lang"] == "nl" and "no_time" in lines[0]["themes"]
    assert lines[1]["themes"] == [] and all(v == 0.0 for v in lines[1]["scores"].values())
    assert lines[2]["lang"] == "en"
    assert "KCC" in lines[3]["departments"] and "Beleid" in lines[3]["departments"]


def test_cli_tag_with_registry_returns_canonical_names(tmp_path: Path) -> None:
    reg = tmp_path / "depts.json"
    reg.write_text(json.dumps({"KCC": ["klantcontactcentrum", "contact centre"], "Beleid": ["policy team"]}))
    src = _write_jsonl(tmp_path / "in.jsonl", [
        {"id": "x", "text": "The policy team sent 600 letters without telling the contact centre, which was then "
                            "flooded with calls from confused residents.", "lang": "en"},
    ])
    out = tmp_path / "out.jsonl"
    assert main(["tag", "--input", str(src), "--output", str(out), "--departments", str(reg)]) == 0
    line = json.loads(out.read_text())
    assert set(line["departments"]) == {"KCC", "Beleid"}
    if "surprise" in line["themes"]:
        assert {"source": "Beleid", "target": "KCC"} in [
            {"source": s["source"], "target": s["target"]} for s in line["surprises"]
        ]


def test_cli_tag_malformed_line_names_it_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "ok"}\n{"id": 2, "text": 5}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["tag", "--input", str(src), "--output", str(out)]) == 2
    assert "Line 2" in capsys.readouterr().err
    assert not out.exists()


def test_cli_agreement_from_file_matches_reference(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sklearn.metrics import cohen_kappa_score

    rows = [
        {"unit": "u1", "coder": "a", "themes": ["silos"]}, {"unit": "u1", "coder": "b", "themes": ["silos"]},
        {"unit": "u2", "coder": "a", "themes": []}, {"unit": "u2", "coder": "b", "themes": ["silos"]},
        {"unit": "u3", "coder": "a", "themes": ["silos"]}, {"unit": "u3", "coder": "b", "themes": ["silos"]},
        {"unit": "u4", "coder": "a", "themes": []}, {"unit": "u4", "coder": "b", "themes": []},
    ]
    src = _write_jsonl(tmp_path / "codings.jsonl", rows)
    assert main(["agreement", "--input", str(src), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    expected = cohen_kappa_score([1, 0, 1, 0], [1, 1, 1, 0])
    assert result["silos"]["cohen_kappa"] == pytest.approx(expected)
    assert result["silos"]["units"] == 4 and result["silos"]["coders"] == 2
    assert result["silos"]["percent_agreement"] == pytest.approx(0.75)
