"""The surprise network as a networkx DiGraph: who surprises whom, every arrow backed by passage ids.

Nodes are departments (attributes ``passages``: number of passages mentioning them, ``passage_ids``); edges are
surprises (``weight``: number of passages, ``passages``: the passage ids, i.e. the evidence). Everything here is a
pure function over plain records so the UI and the CLI can share it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import networkx as nx

from fieldnotes.network.surprises import Surprise

__all__ = [
    "PassageRecord",
    "DepartmentMetrics",
    "Role",
    "edges_from",
    "filter_records",
    "build_graph",
    "surprise_metrics",
    "reciprocal_pairs",
]


@dataclass(frozen=True, slots=True)
class PassageRecord:
    """One coded passage as the graph needs it: where it comes from and what it says about departments."""

    passage_id: str
    note_id: str
    date: dt.date | None
    consultant: str | None
    kind: str | None
    departments: Sequence[str] = ()
    surprises: Sequence[Surprise] = field(default_factory=tuple)


class Role(StrEnum):
    """A department's role in the network, from the balance of surprises caused and received."""

    CAUSES = "causes"
    RECEIVES = "receives"
    BOTH = "both"
    NEITHER = "neither"


@dataclass(frozen=True, slots=True)
class DepartmentMetrics:
    """Per-department figures: weighted out-degree (causes), weighted in-degree (receives), betweenness."""

    causes: int
    receives: int
    betweenness: float
    passages: int

    @property
    def role(self) -> Role:
        """Mostly causes (>= 2/3 of its surprise weight is outgoing), mostly receives (<= 1/3), both, or neither."""
        total = self.causes + self.receives
        if total == 0:
            return Role.NEITHER
        share = self.causes / total
        if share >= 2 / 3:
            return Role.CAUSES
        if share <= 1 / 3:
            return Role.RECEIVES
        return Role.BOTH


def edges_from(surprises: Iterable[Surprise]) -> list[tuple[str, str]]:
    """Distinct (source, target) pairs of complete surprises; one-sided ones and self-loops are skipped."""
    out: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for s in surprises:
        if not s.source or not s.target or s.source == s.target:
            continue
        pair = (s.source, s.target)
        if pair not in seen:
            seen.add(pair)
            out.append(pair)
    return out


def _as_set(value: str | Collection[str] | None) -> set[str] | None:
    if value is None:
        return None
    return {value} if isinstance(value, str) else set(value)


def filter_records(
    records: Iterable[PassageRecord],
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    consultant: str | Collection[str] | None = None,
    kind: str | Collection[str] | None = None,
) -> list[PassageRecord]:
    """Records inside the period (inclusive bounds), by the given consultant(s) and of the given note kind(s).

    A record without a date is excluded as soon as a period bound is set.
    """
    consultants = _as_set(consultant)
    kinds = _as_set(kind)
    out: list[PassageRecord] = []
    for r in records:
        if date_from is not None and (r.date is None or r.date < date_from):
            continue
        if date_to is not None and (r.date is None or r.date > date_to):
            continue
        if consultants is not None and r.consultant not in consultants:
            continue
        if kinds is not None and r.kind not in kinds:
            continue
        out.append(r)
    return out


def build_graph(
    records: Iterable[PassageRecord],
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    consultant: str | Collection[str] | None = None,
    kind: str | Collection[str] | None = None,
) -> nx.DiGraph:
    """Build the surprise network from passage records (after the optional filters).

    A department counts once per passage, whether it is mentioned or only an end of a surprise (the observed
    unit as implicit target). Edge weight = number of passages with that surprise.
    """
    if any(v is not None for v in (date_from, date_to, consultant, kind)):
        records = filter_records(records, date_from=date_from, date_to=date_to, consultant=consultant, kind=kind)
    node_passages: dict[str, list[str]] = defaultdict(list)
    edge_passages: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in records:
        pid = r.passage_id
        pairs = edges_from(r.surprises)
        depts = set(r.departments)
        for a, b in pairs:
            depts.add(a)
            depts.add(b)
            edge_passages[(a, b)].append(pid)
        for d in depts:
            if d:
                node_passages[d].append(pid)
    g = nx.DiGraph()
    g.add_nodes_from((d, {"passages": len(p), "passage_ids": p}) for d, p in node_passages.items())
    g.add_edges_from((a, b, {"weight": len(p), "passages": p}) for (a, b), p in edge_passages.items())
    return g


def surprise_metrics(g: nx.DiGraph) -> dict[str, DepartmentMetrics]:
    """Per department: surprises caused (weighted out-degree), received (weighted in-degree) and betweenness.

    Betweenness is computed on the unweighted directed graph (edge weights are counts, not distances) and
    normalised, so it reads as "how often this unit sits on the shortest chain of surprises between others".
    """
    betweenness = nx.betweenness_centrality(g, normalized=True) if g.number_of_nodes() else {}
    out_deg = dict(g.out_degree(weight="weight"))
    in_deg = dict(g.in_degree(weight="weight"))
    return {
        n: DepartmentMetrics(
            causes=int(out_deg.get(n, 0)),
            receives=int(in_deg.get(n, 0)),
            betweenness=float(betweenness.get(n, 0.0)),
            passages=int(g.nodes[n].get("passages", 0)),
        )
        for n in g.nodes
    }


def reciprocal_pairs(g: nx.DiGraph) -> list[tuple[str, str]]:
    """Pairs of departments that surprise each other (both arrows present), each pair once, sorted."""
    pairs = {tuple(sorted((a, b))) for a, b in g.edges if a != b and g.has_edge(b, a)}
    return sorted(pairs)  # type: ignore[arg-type]
