"""Graph building, filters and metrics on a hand-built set of records."""

from __future__ import annotations

import datetime as dt

import pytest

from fieldnotes.network.graph import (
    PassageRecord, Role, build_graph, filter_records, reciprocal_pairs, surprise_metrics,
)
from fieldnotes.network.surprises import Surprise


def _rec(pid: str, day: int, consultant: str, kind: str, depts: tuple[str, ...],
         edges: tuple[tuple[str | None, str | None], ...]) -> PassageRecord:
    return PassageRecord(pid, f"n{pid}", dt.date(2025, 3, day), consultant, kind, depts,
                         tuple(Surprise(a, b, "evidence") for a, b in edges))


@pytest.fixture()
def records() -> list[PassageRecord]:
    return [
        _rec("p1", 1, "ann", "observation", ("Beleid", "KCC"), (("Beleid", "KCC"),)),
        _rec("p2", 2, "ann", "interview", ("Beleid", "KCC"), (("Beleid", "KCC"),)),
        _rec("p3", 3, "bob", "observation", ("ICT", "Vergunningen"), (("ICT", "Vergunningen"),)),
        _rec("p4", 4, "bob", "interview", ("KCC",), (("KCC", "Beleid"),)),
        _rec("p5", 5, "ann", "observation", ("KCC", "ICT"), (("ICT", "KCC"), ("ICT", None))),
        _rec("p6", 6, "bob", "observation", ("HR",), ((None, "HR"),)),
        _rec("p7", 7, "ann", "meeting", ("Beleid",), ()),
    ]


def test_graph_metrics_nodes_and_edges(records: list[PassageRecord]) -> None:
    g = build_graph(records)
    assert set(g.nodes) == {"Beleid", "KCC", "ICT", "Vergunningen", "HR"}
    assert g.nodes["KCC"]["passages"] == 4 and g.nodes["KCC"]["passage_ids"] == ["p1", "p2", "p4", "p5"]
    assert g.nodes["Beleid"]["passages"] == 4
    assert g["Beleid"]["KCC"] == {"weight": 2, "passages": ["p1", "p2"]}
    assert g["ICT"]["KCC"]["weight"] == 1
    assert g.number_of_edges() == 4  # one-sided surprises give no edge
    assert not any(a == b for a, b in g.edges)


def test_graph_metrics_degrees_betweenness_roles(records: list[PassageRecord]) -> None:
    m = surprise_metrics(build_graph(records))
    assert (m["Beleid"].causes, m["Beleid"].receives) == (2, 1)
    assert (m["KCC"].causes, m["KCC"].receives) == (1, 3)
    assert (m["ICT"].causes, m["ICT"].receives) == (2, 0)
    assert m["ICT"].role is Role.CAUSES and m["KCC"].role is Role.RECEIVES
    assert m["Beleid"].role is Role.CAUSES and m["HR"].role is Role.NEITHER
    # Only KCC lies on a shortest path between two others (ICT -> KCC -> Beleid).
    assert m["KCC"].betweenness == pytest.approx(1 / 12)  # 1 pair out of (5 - 1) * (5 - 2) ordered pairs
    assert all(m[d].betweenness == 0 for d in ("Beleid", "ICT", "Vergunningen", "HR"))


def test_graph_metrics_role_both() -> None:
    g = build_graph([_rec("a", 1, "x", "k", (), (("A", "B"),)), _rec("b", 1, "x", "k", (), (("B", "A"),))])
    assert surprise_metrics(g)["A"].role is Role.BOTH


def test_graph_metrics_reciprocal_pairs(records: list[PassageRecord]) -> None:
    assert reciprocal_pairs(build_graph(records)) == [("Beleid", "KCC")]


def test_graph_metrics_filters(records: list[PassageRecord]) -> None:
    g = build_graph(records, date_from=dt.date(2025, 3, 2), date_to=dt.date(2025, 3, 4))
    assert set(g.edges) == {("Beleid", "KCC"), ("ICT", "Vergunningen"), ("KCC", "Beleid")}
    assert g["Beleid"]["KCC"]["passages"] == ["p2"]
    assert set(build_graph(records, consultant="bob").edges) == {("ICT", "Vergunningen"), ("KCC", "Beleid")}
    assert set(build_graph(records, kind={"interview"}).edges) == {("Beleid", "KCC"), ("KCC", "Beleid")}
    assert [r.passage_id for r in filter_records(records, consultant=["ann"], kind="observation")] == ["p1", "p5"]
    undated = PassageRecord("u", "n", None, "ann", "observation", ("X",), ())
    assert filter_records([undated], date_from=dt.date(2025, 1, 1)) == []
    assert filter_records([undated]) == [undated]


def test_graph_metrics_empty() -> None:
    g = build_graph([])
    assert g.number_of_nodes() == 0 and surprise_metrics(g) == {} and reciprocal_pairs(g) == []
