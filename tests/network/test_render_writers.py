"""Writers read back: JSON, GraphML, GEXF (networkx readers), CSV (csv module), HTML."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from fieldnotes.network.graph import PassageRecord, build_graph
from fieldnotes.network.render import write_csv_edges, write_gexf, write_graphml, write_html, write_json
from fieldnotes.network.surprises import Surprise


@pytest.fixture()
def graph() -> nx.DiGraph:
    recs = [
        PassageRecord("p1", "n1", None, "ann", "obs", ("Beleid", "KCC"), (Surprise("Beleid", "KCC", "e"),)),
        PassageRecord("p2", "n1", None, "ann", "obs", ("KCC",), (Surprise("Beleid", "KCC", "e"),)),
        PassageRecord("p3", "n2", None, "bob", "obs", ("ICT", "Vergunningen & Co"),
                      (Surprise("ICT", "Vergunningen & Co", "e"),)),
        PassageRecord("p4", "n3", None, "bob", "obs", ("=HYPERLINK(1)",), (Surprise("=HYPERLINK(1)", "KCC", "e"),)),
    ]
    return build_graph(recs)


def test_render_writers_json(graph: nx.DiGraph) -> None:
    buf = io.BytesIO()
    write_json(graph, buf)
    data = json.loads(buf.getvalue().decode("utf-8"))
    back = nx.node_link_graph(data, edges="links")
    assert set(back.edges) == set(graph.edges)
    kcc = next(n for n in data["nodes"] if n["id"] == "KCC")
    assert kcc["receives"] == 3 and kcc["role"] == "receives" and kcc["passage_ids"] == ["p1", "p2", "p4"]
    assert back["Beleid"]["KCC"]["passages"] == ["p1", "p2"]


def test_render_writers_graphml(graph: nx.DiGraph) -> None:
    buf = io.BytesIO()
    write_graphml(graph, buf)
    back = nx.read_graphml(io.BytesIO(buf.getvalue()))
    assert set(back.edges) == set(graph.edges)
    assert back["Beleid"]["KCC"]["weight"] == 2
    assert back["Beleid"]["KCC"]["passages"] == "p1;p2"
    assert back.nodes["KCC"]["passages"] == 3 and back.nodes["KCC"]["role"] == "receives"


def test_render_writers_gexf(graph: nx.DiGraph) -> None:
    buf = io.BytesIO()
    write_gexf(graph, buf)
    assert b"<gexf" in buf.getvalue()
    back = nx.read_gexf(io.BytesIO(buf.getvalue()))
    assert {(back.nodes[a]["label"], back.nodes[b]["label"]) for a, b in back.edges} == set(graph.edges)
    assert back.nodes["Vergunningen & Co"]["causes"] == 0
    assert back["Beleid"]["KCC"]["weight"] == 2


def test_render_writers_csv(graph: nx.DiGraph) -> None:
    buf = io.BytesIO()
    write_csv_edges(graph, buf)
    assert not buf.closed
    rows = list(csv.reader(io.StringIO(buf.getvalue().decode("utf-8"))))
    assert rows[0] == ["From", "To", "Weight"]
    body = {(a, b, w) for a, b, w in rows[1:]}
    assert ("Beleid", "KCC", "2") in body and ("ICT", "Vergunningen & Co", "1") in body
    assert ("'=HYPERLINK(1)", "KCC", "1") in body  # formula neutralised
    assert len(rows) == 1 + graph.number_of_edges()


def test_render_writers_html(graph: nx.DiGraph) -> None:
    buf = io.BytesIO()
    write_html(graph, buf)
    page = buf.getvalue().decode("utf-8")
    assert page.lstrip().startswith("<html") and "vis.Network" in page
