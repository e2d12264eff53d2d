"""`fieldnotes tag`: surprise edges are looked for from a share of the surprise threshold (SURPRISE_GATE)."""

from __future__ import annotations

import pytest

from fieldnotes.services import tag_jsonl

TEXT = "Beleid stuurde 600 brieven zonder het KCC te informeren; het KCC werd overspoeld met telefoontjes."


def _surprises(monkeypatch: pytest.MonkeyPatch, gate: float) -> list[dict[str, object]]:
    monkeypatch.setattr(tag_jsonl, "SURPRISE_GATE", gate)
    [line] = tag_jsonl.tag_lines([tag_jsonl.TagRequest("1", TEXT, "nl", "KCC")])
    return line["surprises"]


def test_tag_jsonl_surprises_follow_the_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    assert [(s["source"], s["target"]) for s in _surprises(monkeypatch, 0.5)] == [("Beleid", "KCC")]
    assert _surprises(monkeypatch, 1e6) == [], "no edges when the text scores below the gate"

