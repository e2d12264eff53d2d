"""The report view model: everything the export writers need, as frozen plain data (no database types).

The services layer maps database rows into `ReportPassage`, `ReportTheme` and `NetworkEdge` values and
calls `build_report`, which derives the heat map, headline numbers, network nodes and default quotes.
Writers in `fieldnotes.export` only read a `ReportData`; they never query anything themselves.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

MAX_QUOTES = 3
"""Quotes kept per theme: what fits on one slide and reads as evidence rather than a transcript."""

HEADLINE_KEYS: tuple[str, ...] = ("notes", "passages", "departments", "coded_passages", "surprises")
"""Keys of `ReportData.headline`, in the order the documents show them."""

LANGUAGES: tuple[str, ...] = ("nl", "en")
"""Languages of the fixed headings in the documents."""


@dataclass(frozen=True)
class ReportTheme:
    """A theme as shown in a report: stable key, display label, `#RRGGBB` colour and definition."""

    key: str
    label: str
    color: str = "#888888"
    definition: str = ""


@dataclass(frozen=True)
class ReportPassage:
    """One passage of a field note with its note's metadata and its themes.

    `accepted` holds theme keys a human accepted; `suggested` holds (theme key, score) pairs of machine
    suggestions nobody decided on yet (scores 0..1). Note ids are strings so any id scheme fits.
    """

    note_id: str
    department: str | None
    date: dt.date | None
    consultant: str | None
    kind: str
    text: str
    accepted: tuple[str, ...] = ()
    suggested: tuple[tuple[str, float], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "accepted", tuple(self.accepted))
        object.__setattr__(self, "suggested", tuple((str(k), float(s)) for k, s in self.suggested))


@dataclass(frozen=True)
class ThemeDeptCell:
    """One heat-map cell: accepted passages of `theme` in `department`, and their share of that department's
    passages (0..1)."""

    theme: str
    department: str
    count: int
    share: float


@dataclass(frozen=True)
class Quote:
    """A passage chosen to illustrate a theme; `accepted` False means a suggestion with its `score`."""

    theme: str
    text: str
    department: str | None
    note_id: str
    accepted: bool
    score: float | None
    date: dt.date | None = None


@dataclass(frozen=True)
class NetworkEdge:
    """`weight` surprises in which department `source` caught department `target` off guard."""

    source: str
    target: str
    weight: int


@dataclass(frozen=True)
class NetworkNode:
    """A department on the culture map: its passages, and the surprises it caused and received (summed
    edge weights)."""

    name: str
    passages: int
    causes: int
    receives: int


@dataclass(frozen=True)
class ReportData:
    """Everything one export needs. Sequences are stored as tuples and quotes are capped at `MAX_QUOTES`
    per theme so that a `ReportData` is immutable in practice, not only by its decorator."""

    project: str
    subtitle: str
    generated_at: dt.datetime
    themes: tuple[ReportTheme, ...]
    passages: tuple[ReportPassage, ...]
    heatmap: tuple[ThemeDeptCell, ...]
    quotes: Mapping[str, tuple[Quote, ...]]
    headline: Mapping[str, int]
    nodes: tuple[NetworkNode, ...] = ()
    edges: tuple[NetworkEdge, ...] = ()
    lang: str = "nl"

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"lang must be one of {LANGUAGES}, not {self.lang!r}")
        for name in ("themes", "passages", "heatmap", "nodes", "edges"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "quotes", {k: tuple(v)[:MAX_QUOTES] for k, v in self.quotes.items()})
        object.__setattr__(self, "headline", {k: int(self.headline.get(k, 0)) for k in HEADLINE_KEYS})

    def theme(self, key: str) -> ReportTheme:
        """The theme with `key`; unknown keys (e.g. a retired theme still on a passage) get a grey stand-in."""
        for theme in self.themes:
            if theme.key == key:
                return theme
        return ReportTheme(key, key)

    def departments(self) -> tuple[str, ...]:
        """Departments in heat-map order: most passages first, then by name."""
        counts = Counter(p.department for p in self.passages if p.department)
        return tuple(sorted(counts, key=lambda d: (-counts[d], d.casefold())))

    def cells(self, theme: str) -> tuple[ThemeDeptCell, ...]:
        """Heat-map cells of one theme, highest count first."""
        cells = (c for c in self.heatmap if c.theme == theme and c.count)
        return tuple(sorted(cells, key=lambda c: (-c.count, -c.share, c.department.casefold())))

    def theme_count(self, theme: str) -> int:
        """Passages with `theme` accepted (including passages without a department)."""
        return sum(1 for p in self.passages if theme in p.accepted)


def heatmap_cells(passages: Iterable[ReportPassage], theme_keys: Sequence[str]) -> tuple[ThemeDeptCell, ...]:
    """Count accepted passages per theme and department; passages without a department are left out.

    Every theme x department pair gets a cell (zeros included) so writers can draw a full grid.
    """
    per_dept: Counter[str] = Counter()
    hits: Counter[tuple[str, str]] = Counter()
    for p in passages:
        if not p.department:
            continue
        per_dept[p.department] += 1
        for key in set(p.accepted):
            hits[(key, p.department)] += 1
    depts = sorted(per_dept, key=lambda d: (-per_dept[d], d.casefold()))
    return tuple(
        ThemeDeptCell(key, d, hits[(key, d)], hits[(key, d)] / per_dept[d]) for key in theme_keys for d in depts
    )


def network_nodes(passages: Iterable[ReportPassage], edges: Iterable[NetworkEdge]) -> tuple[NetworkNode, ...]:
    """Nodes for every department that has passages or takes part in a surprise, sorted by name."""
    per_dept = Counter(p.department for p in passages if p.department)
    causes: Counter[str] = Counter()
    receives: Counter[str] = Counter()
    for e in edges:
        causes[e.source] += e.weight
        receives[e.target] += e.weight
    names = set(per_dept) | set(causes) | set(receives)
    return tuple(
        NetworkNode(n, per_dept[n], causes[n], receives[n]) for n in sorted(names, key=str.casefold)
    )


def pick_quotes(passages: Iterable[ReportPassage], theme_keys: Sequence[str]) -> dict[str, tuple[Quote, ...]]:
    """Up to `MAX_QUOTES` quotes per theme: accepted passages first, then suggestions by score, preferring
    a different department for each quote so one team does not speak for the whole organisation."""
    candidates: dict[str, list[tuple[tuple[int, float], Quote]]] = defaultdict(list)
    for p in passages:
        for key in p.accepted:
            candidates[key].append(((0, 0.0), Quote(key, p.text, p.department, p.note_id, True, None, p.date)))
        for key, score in p.suggested:
            if key not in p.accepted:
                candidates[key].append(((1, -score), Quote(key, p.text, p.department, p.note_id, False, score, p.date)))
    result: dict[str, tuple[Quote, ...]] = {}
    for key in theme_keys:
        ranked = [q for _, q in sorted(candidates.get(key, []), key=lambda item: item[0])]
        chosen: list[Quote] = []
        seen: set[str | None] = set()
        for q in ranked:
            if q.department not in seen:
                chosen.append(q)
                seen.add(q.department)
            if len(chosen) == MAX_QUOTES:
                break
        for q in ranked:
            if len(chosen) == MAX_QUOTES:
                break
            if q not in chosen:
                chosen.append(q)
        result[key] = tuple(chosen)
    return result


def build_report(
    project: str,
    themes: Sequence[ReportTheme],
    passages: Sequence[ReportPassage],
    *,
    edges: Sequence[NetworkEdge] = (),
    subtitle: str = "",
    lang: str = "nl",
    generated_at: dt.datetime | None = None,
    quotes: Mapping[str, Sequence[Quote]] | None = None,
) -> ReportData:
    """Assemble a `ReportData`, deriving heat map, headline numbers, nodes and (unless given) quotes.

    Counts use accepted themes only: suggestions are not findings until a consultant accepted them.
    Pass `quotes` to use hand-picked (or pseudonymised) quotes instead of `pick_quotes`.
    """
    keys = [t.key for t in themes]
    headline = {
        "notes": len({p.note_id for p in passages}),
        "passages": len(passages),
        "departments": len({p.department for p in passages if p.department}),
        "coded_passages": sum(1 for p in passages if p.accepted),
        "surprises": sum(e.weight for e in edges),
    }
    return ReportData(
        project=project,
        subtitle=subtitle,
        generated_at=generated_at or dt.datetime.now().replace(microsecond=0),
        themes=tuple(themes),
        passages=tuple(passages),
        heatmap=heatmap_cells(passages, keys),
        quotes={k: tuple(v) for k, v in (quotes if quotes is not None else pick_quotes(passages, keys)).items()},
        headline=headline,
        nodes=network_nodes(passages, edges),
        edges=tuple(edges),
        lang=lang,
    )
