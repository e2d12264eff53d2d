"""Corpus validation and the deterministic stratified held-out split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldnotes.nlp.corpus import (
    CorpusError,
    Passage,
    fold_ids,
    heldout_parts_passages,
    load_corpus,
    make_heldout_ids,
    split_corpus,
)


def _passages(n: int) -> list[Passage]:
    labels = [(), ("silos",), ("no_time", "surprise"), ("customer_impact",)]
    return [
        Passage(f"x-{i:04d}", "nl" if i % 3 else "en", f"tekst {i}", labels[i % 4], None, None, "", "part_x")
        for i in range(n)
    ]


def test_corpus_split_is_deterministic_and_stratified() -> None:
    passages = _passages(400)
    first = make_heldout_ids(passages)
    assert first == make_heldout_ids(list(reversed(passages)))
    assert len(first) == 80
    chosen = {p.id: p for p in passages if p.id in set(first)}
    for lang in ("nl", "en"):
        for combo in {p.labels for p in passages}:
            total = sum(1 for p in passages if p.lang == lang and p.labels == combo)
            held = sum(1 for p in chosen.values() if p.lang == lang and p.labels == combo)
            assert abs(held - 0.2 * total) <= 1


def test_corpus_split_adding_passages_keeps_no_overlap() -> None:
    passages = _passages(100)
    heldout = set(make_heldout_ids(passages))
    assert 0 < len(heldout) < len(passages)
    folds = fold_ids([p for p in passages if p.id not in heldout], folds=5)
    assert sorted(set(folds)) == [0, 1, 2, 3, 4]


def _write(tmp_path: Path, rows: list[dict[str, object]]) -> Path:
    (tmp_path / "parts").mkdir(parents=True)
    (tmp_path / "parts" / "p.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf8")
    return tmp_path


def _row(**changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "id": "p-1", "lang": "nl", "text": "Tekst.", "labels": [], "source_dept": None, "target_dept": None,
        "note": "sector:it; voice:memo",
    }
    row.update(changes)
    return row


def test_corpus_split_validation_errors(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="duplicate id"):
        load_corpus(_write(tmp_path / "a", [_row(), _row()]))
    with pytest.raises(CorpusError, match="labels"):
        load_corpus(_write(tmp_path / "b", [_row(labels=["bogus"])]))
    with pytest.raises(CorpusError, match="only allowed"):
        load_corpus(_write(tmp_path / "c", [_row(source_dept="ICT")]))
    assert load_corpus(_write(tmp_path / "d", [_row(labels=["surprise"], source_dept="ICT")]))[0].labels == (
        "surprise",
    )


def test_corpus_split_shipped_corpus_is_valid() -> None:
    passages = load_corpus()
    assert len({p.id for p in passages}) == len(passages) > 0


def test_corpus_split_heldout_parts_are_never_trained_on(tmp_path: Path) -> None:
    (tmp_path / "parts").mkdir()
    for part in ("a", "q"):
        lines = [
            json.dumps({"id": f"{part}-{i:04d}", "lang": "nl", "text": f"tekst {part} {i}", "labels": [],
                        "source_dept": None, "target_dept": None, "note": "sector:care; voice:memo"})
            for i in range(1, 6)
        ]
        (tmp_path / "parts" / f"part_{part}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf8")
    (tmp_path / "heldout_ids.txt").write_text("a-0001\n", encoding="utf8")
    train, heldout = split_corpus(tmp_path)
    assert [p.id for p in heldout] == ["a-0001"] and len(train) == 9 and heldout_parts_passages(tmp_path) == []
    (tmp_path / "heldout_parts.txt").write_text("part_q\n", encoding="utf8")
    train, heldout = split_corpus(tmp_path)
    assert [p.id for p in train] == ["a-0002", "a-0003", "a-0004", "a-0005"]
    assert [p.id for p in heldout_parts_passages(tmp_path)] == [f"q-{i:04d}" for i in range(1, 6)]
