"""Rendering and file writers for the surprise network.

``render_html`` produces a self-contained, offline pyvis (vis-network) page: vis-network is inlined, pyvis's
Bootstrap links are removed and no ``http://``/``https://`` string is left anywhere. Department names are
untrusted: node ids are integers, labels and hover titles are plain strings (vis-network draws labels on the
canvas and shows string titles with ``innerText``), all data is embedded as JSON by Jinja's ``tojson`` (which
escapes ``<``, ``>``, ``&`` and ``'``, so "</script>" cannot close the block), and pyvis's innerHTML popup
(switched on by "href" in a title) is never rendered. The page holds no note text: evidence is listed by the UI
next to the graph.

Writers take a binary file-like object: JSON (node-link + metrics), GraphML and GEXF (list attributes joined
into strings, for Gephi), CSV edges (From, To, Weight; Kumu and Gephi) and the HTML page.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
from dataclasses import dataclass
from typing import BinaryIO

import networkx as nx
from pyvis.network import Network

from fieldnotes.network.graph import DepartmentMetrics, Role, surprise_metrics

__all__ = [
    "RenderLabels",
    "LABELS",
    "ROLE_COLOURS",
    "render_html",
    "write_json",
    "write_graphml",
    "write_gexf",
    "write_csv_edges",
    "write_html",
]

ROLE_COLOURS: dict[Role, str] = {
    Role.CAUSES: "#d9534f",
    Role.RECEIVES: "#3a7bd5",
    Role.BOTH: "#9b59b6",
    Role.NEITHER: "#a0a0a0",
}


@dataclass(frozen=True, slots=True)
class RenderLabels:
    """Texts shown in the rendered graph. ``node_title``/``edge_title`` are str.format templates.

    node_title fields: name, causes, receives, passages; edge_title fields: source, target, weight.
    """

    node_title: str
    edge_title: str
    role_causes: str
    role_receives: str
    role_both: str
    role_neither: str
    legend_title: str


# Fallback texts; the UI passes the labels from the message catalogue (fieldnotes/i18n.py).
LABELS: dict[str, RenderLabels] = {
    "nl": RenderLabels(
        node_title="{name} — veroorzaakt {causes}, ontvangt {receives}, {passages} passages",
        edge_title="{source} → {target}: {weight} passages",
        role_causes="vooral veroorzaker",
        role_receives="vooral ontvanger",
        role_both="beide",
        role_neither="geen van beide",
        legend_title="Rol",
    ),
    "en": RenderLabels(
        node_title="{name} — causes {causes}, receives {receives}, {passages} passages",
        edge_title="{source} → {target}: {weight} passages",
        role_causes="mostly causes",
        role_receives="mostly receives",
        role_both="both",
        role_neither="neither",
        legend_title="Role",
    ),
}

_EXTERNAL_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.IGNORECASE)
_EXTERNAL_SCRIPT = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script\s*>", re.IGNORECASE | re.DOTALL)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SOURCE_MAP = re.compile(r"//# sourceMappingURL=[^\s<]*")
_URL_SCHEME = re.compile(r"(https?):(//)", re.IGNORECASE)
def _plain(text: str) -> str:
    """A single-line plain-text label (control characters removed)."""
    return "".join(ch if ch.isprintable() else " " for ch in str(text)).strip()


def _node_size(passages: int) -> float:
    return 12.0 + 6.0 * math.sqrt(max(passages, 0))


def _legend(labels: RenderLabels) -> str:
    items = [
        (ROLE_COLOURS[Role.CAUSES], labels.role_causes),
        (ROLE_COLOURS[Role.RECEIVES], labels.role_receives),
        (ROLE_COLOURS[Role.BOTH], labels.role_both),
        (ROLE_COLOURS[Role.NEITHER], labels.role_neither),
    ]
    rows = "".join(
        f'<span style="display:inline-block;margin-right:12px"><span style="display:inline-block;width:11px;'
        f'height:11px;border-radius:50%;background:{colour};margin-right:4px;vertical-align:middle"></span>'
        f"{html.escape(text)}</span>"
        for colour, text in items
    )
    return (f'<div id="fieldnotes-legend" style="font:12px sans-serif;margin:4px 8px">'
            f"<strong>{html.escape(labels.legend_title)}:</strong> {rows}</div>")


def render_html(
    g: nx.DiGraph,
    *,
    lang: str = "nl",
    labels: RenderLabels | None = None,
    height: str = "650px",
    width: str = "100%",
    metrics: dict[str, DepartmentMetrics] | None = None,
) -> str:
    """Self-contained offline HTML of the surprise network (pyvis / vis-network, no external resources).

    Arrows point from the unit that caused a surprise to the unit caught off guard, width by weight; node size by
    passages; node colour by role with a legend; hover titles carry counts only, never note text.
    """
    labels = labels or LABELS.get(lang, LABELS["en"])
    metrics = metrics if metrics is not None else surprise_metrics(g)
    net = Network(height=height, width=width, directed=True, cdn_resources="in_line", notebook=False)
    ids: dict[object, int] = {}
    for i, node in enumerate(g.nodes):
        ids[node] = i
        m = metrics.get(node) or DepartmentMetrics(0, 0, 0.0, int(g.nodes[node].get("passages", 0)))
        name = _plain(str(node))
        title = labels.node_title.format(name=name, causes=m.causes, receives=m.receives, passages=m.passages)
        net.add_node(i, label=name, title=_plain(title), color=ROLE_COLOURS[m.role], size=_node_size(m.passages),
                     shape="dot")
    for a, b, data in g.edges(data=True):
        weight = int(data.get("weight", 1))
        title = labels.edge_title.format(source=_plain(str(a)), target=_plain(str(b)), weight=weight)
        net.add_edge(ids[a], ids[b], value=weight, title=_plain(title), arrows="to", color="#777777")
    net.set_options(json.dumps({
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.7}}, "smooth": {"type": "curvedCW",
                                                                                     "roundness": 0.15},
                  "scaling": {"min": 1, "max": 10}},
        "nodes": {"font": {"size": 14}},
        "interaction": {"hover": True, "tooltipDelay": 150},
        "physics": {"stabilization": {"iterations": 200}},
    }))
    nodes, edges, _heading, height_, width_, options = net.get_network_data()
    template = net.templateEnv.get_template(net.path)
    page = template.render(
        height=height_, width=width_, nodes=nodes, edges=edges, heading="", options=options,
        physics_enabled=True, use_DOT=False, dot_lang="", widget=False, bgcolor=net.bgcolor, conf=False,
        tooltip_link=False, neighborhood_highlight=False, select_menu=False, filter_menu=False, notebook=False,
        cdn_resources="in_line",
    )
    page = _HTML_COMMENT.sub("", page)
    page = _EXTERNAL_LINK.sub("", page)
    page = _EXTERNAL_SCRIPT.sub("", page)
    page = _SOURCE_MAP.sub("", page)
    # Remaining scheme strings live in inlined JS (string literals, comments): "http:\/\/" is the same string
    # in JS and leaves no URL in the page.
    page = _URL_SCHEME.sub(lambda m: f"{m.group(1)}:\\/\\/", page)
    page = page.replace("<body>", "<body>\n" + _legend(labels), 1)
    if "popup.innerHTML" in page or re.search(r"https?://", page, re.IGNORECASE):
        raise RuntimeError("rendered network page is not offline-safe")
    return page


def _with_metrics(g: nx.DiGraph) -> nx.DiGraph:
    """Copy of ``g`` with metrics and role as node attributes."""
    h = g.copy()
    for node, m in surprise_metrics(g).items():
        h.nodes[node].update(causes=m.causes, receives=m.receives, betweenness=m.betweenness, role=str(m.role))
    return h


def _flat(g: nx.DiGraph) -> nx.DiGraph:
    """Copy with metrics, list attributes joined with ';' and a string label (GraphML/GEXF need scalars)."""
    h = _with_metrics(g)
    for node, data in h.nodes(data=True):
        data.setdefault("label", str(node))
        for k, v in list(data.items()):
            if isinstance(v, (list, tuple, set)):
                data[k] = ";".join(str(x) for x in v)
    for _a, _b, data in h.edges(data=True):
        for k, v in list(data.items()):
            if isinstance(v, (list, tuple, set)):
                data[k] = ";".join(str(x) for x in v)
    return h


def write_json(g: nx.DiGraph, fp: BinaryIO) -> None:
    """Node-link JSON (UTF-8) with per-node metrics (causes, receives, betweenness, role)."""
    data = nx.node_link_data(_with_metrics(g), edges="links")
    fp.write(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def write_graphml(g: nx.DiGraph, fp: BinaryIO) -> None:
    """GraphML (UTF-8) with metrics; list attributes as ';'-joined strings."""
    nx.write_graphml(_flat(g), fp, encoding="utf-8")


def write_gexf(g: nx.DiGraph, fp: BinaryIO) -> None:
    """GEXF 1.2 (UTF-8, opens in Gephi) with metrics; list attributes as ';'-joined strings."""
    nx.write_gexf(_flat(g), fp, encoding="utf-8", version="1.2draft")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: str) -> str:
    """Neutralise spreadsheet formulas in untrusted names (a leading apostrophe)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def write_csv_edges(g: nx.DiGraph, fp: BinaryIO) -> None:
    """Edge list CSV with exactly the columns From, To, Weight (UTF-8; importable in Kumu and Gephi)."""
    text = io.TextIOWrapper(fp, encoding="utf-8", newline="")
    try:
        w = csv.writer(text)
        w.writerow(["From", "To", "Weight"])
        for a, b, data in g.edges(data=True):
            w.writerow([_csv_cell(str(a)), _csv_cell(str(b)), int(data.get("weight", 1))])
        text.flush()
    finally:
        text.detach()


def write_html(g: nx.DiGraph, fp: BinaryIO, *, lang: str = "nl", labels: RenderLabels | None = None) -> None:
    """The offline HTML page of ``render_html`` (UTF-8)."""
    fp.write(render_html(g, lang=lang, labels=labels).encode("utf-8"))
