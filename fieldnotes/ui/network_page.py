"""The culture map: who surprises whom, with filters, evidence passages, metrics, unknown mentions and downloads.

The graph's HTML (network.render.render_html) is offline and carries department names only as plain strings;
note text is never put into it: evidence is listed beside the graph by Streamlit, escaped with ui.render.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

import networkx as nx
import streamlit as st

from fieldnotes.domain.enums import NoteKind
from fieldnotes.domain.errors import FieldnotesError
from fieldnotes.i18n import error_text
from fieldnotes.network.graph import reciprocal_pairs, surprise_metrics
from fieldnotes.network.render import (
    RenderLabels,
    render_html,
    write_csv_edges,
    write_gexf,
    write_graphml,
    write_html,
    write_json,
)
from fieldnotes.services import network, notes, projects, runtime
from fieldnotes.ui.render import text_html
from fieldnotes.ui.shell import UiContext

GRAPH_HEIGHT = 720


@dataclass(frozen=True)
class Filters:
    """The page's filter choices; None means no restriction."""

    date_from: dt.date | None
    date_to: dt.date | None
    consultants: tuple[str, ...] | None
    kinds: tuple[str, ...] | None

    def kwargs(self) -> dict[str, Any]:
        return {"date_from": self.date_from, "date_to": self.date_to, "consultants": self.consultants,
                "kinds": self.kinds}


def _labels(ctx: UiContext) -> RenderLabels:
    return RenderLabels(
        node_title=ctx.t("network.node_title"),
        edge_title=ctx.t("network.edge_title"),
        role_causes=ctx.t("network.role.causes"),
        role_receives=ctx.t("network.role.receives"),
        role_both=ctx.t("network.role.both"),
        role_neither=ctx.t("network.role.neither"),
        legend_title=ctx.t("network.legend_title"),
    )


def _filters(ctx: UiContext) -> Filters:
    with runtime.transaction() as session:
        first, last = notes.date_range(session, ctx.project_id)
        consultants = projects.consultant_names(session, ctx.project_id)
    c1, c2, c3 = st.columns(3)
    period = c1.date_input(
        ctx.t("network.filter_period"), value=(first, last) if first and last else (), key="net.period",
        format="YYYY-MM-DD",
    )
    people = c2.multiselect(ctx.t("network.filter_consultant"), consultants, key="net.consultants",
                            placeholder=ctx.t("network.all"))
    kinds = c3.multiselect(
        ctx.t("network.filter_kind"), [k.value for k in NoteKind], key="net.kinds",
        format_func=lambda k: ctx.t(f"kind.{k}"), placeholder=ctx.t("network.all"),
    )
    date_from, date_to = (period[0], period[1]) if isinstance(period, tuple) and len(period) == 2 else (None, None)
    # The default period spans every dated note; only a narrowed period filters (undated notes stay in).
    if (date_from, date_to) == (first, last):
        date_from = date_to = None
    return Filters(date_from, date_to, tuple(people) or None, tuple(kinds) or None)


def _quote_html(ctx: UiContext, quote: network.Quote) -> str:
    meta = " · ".join([
        quote.date.isoformat() if quote.date else "—",
        quote.department or "—",
        quote.consultant or "—",
    ])
    head = (f'<div class="fn-quote-head"><strong>{html.escape(quote.note_title or ctx.t("list.untitled"))}</strong>'
            f" <small>{html.escape(meta)}</small></div>")
    return head + text_html(quote.text)


def _evidence(ctx: UiContext, quotes: list[network.Quote]) -> None:
    st.caption(ctx.t("network.evidence_count", count=len(quotes)))
    if not quotes:
        st.caption(ctx.t("network.no_evidence"))
    for quote in quotes:
        with st.container(border=True):
            st.markdown(_quote_html(ctx, quote), unsafe_allow_html=True)


def _side_panel(ctx: UiContext, g: nx.DiGraph, flt: Filters) -> None:
    edges = sorted(g.edges(data="weight"), key=lambda e: (-int(e[2] or 0), str(e[0]), str(e[1])))
    weights = {(a, b): int(w or 0) for a, b, w in edges}
    edge = st.selectbox(
        ctx.t("network.select_edge"), [(a, b) for a, b, _ in edges], index=None, key="net.edge",
        placeholder=ctx.t("network.select_none"),
        format_func=lambda e: ctx.t("network.edge_option", source=e[0], target=e[1], weight=weights.get(e, 0)),
    )
    node = st.selectbox(
        ctx.t("network.select_node"), sorted(g.nodes, key=lambda n: str(n).casefold()), index=None,
        key="net.node", placeholder=ctx.t("network.select_none"),
    )
    st.subheader(ctx.t("network.evidence"))
    if edge is None and node is None:
        st.caption(ctx.t("network.evidence_help"))
        return
    with runtime.transaction() as session:
        if edge is not None:
            edge_quotes = network.edge_evidence(session, ctx.project_id, edge[0], edge[1], **flt.kwargs())
        if node is not None:
            node_quotes = network.node_evidence(session, ctx.project_id, node, **flt.kwargs())
    if edge is not None:
        st.markdown(text_html(ctx.t("network.edge_option", source=edge[0], target=edge[1],
                                    weight=weights.get(edge, 0))), unsafe_allow_html=True)
        _evidence(ctx, edge_quotes)
    if node is not None:
        st.markdown(text_html(node), unsafe_allow_html=True)
        _evidence(ctx, node_quotes)


def _metrics(ctx: UiContext, g: nx.DiGraph) -> None:
    st.subheader(ctx.t("network.metrics"))
    metrics = surprise_metrics(g)
    rows = [
        {
            ctx.t("network.col_department"): name,
            ctx.t("network.col_causes"): m.causes,
            ctx.t("network.col_receives"): m.receives,
            ctx.t("network.col_betweenness"): round(m.betweenness, 3),
            ctx.t("network.col_role"): ctx.t(f"network.role.{m.role.value}"),
            ctx.t("network.col_passages"): m.passages,
        }
        for name, m in sorted(metrics.items(), key=lambda kv: (-(kv[1].causes + kv[1].receives), str(kv[0])))
    ]
    st.dataframe(rows, hide_index=True, width="stretch", key="net.metrics")
    st.subheader(ctx.t("network.reciprocal"))
    pairs = reciprocal_pairs(g)
    if not pairs:
        st.caption(ctx.t("network.no_reciprocal"))
    else:
        st.markdown(text_html("\n".join(f"{a} ⇄ {b}" for a, b in pairs)), unsafe_allow_html=True)


def _act(ctx: UiContext, action: Callable[[Any], None], done: str) -> None:
    """Run a registry action (which reanalyses every passage) and report it."""
    try:
        with st.spinner(ctx.t("network.reanalysing")), runtime.transaction() as session:
            action(session)
    except FieldnotesError as exc:
        st.error(error_text(exc, ctx.lang))
        return
    st.toast(done)
    st.rerun()


def _unknown(ctx: UiContext) -> None:
    with runtime.transaction() as session:
        unknown = network.unknown_mentions(session, ctx.project_id)
        canonicals = list(projects.department_registry(session, ctx.project_id))
    with st.expander(f"{ctx.t('network.unknown')} ({len(unknown)})", expanded=bool(unknown)):
        st.caption(ctx.t("network.unknown_help"))
        if not unknown:
            st.caption(ctx.t("network.unknown_none"))
        for name, count in unknown:
            c1, c2, c3, c4, c5 = st.columns([3, 2, 3, 2, 1.5], vertical_alignment="bottom")
            c1.markdown(text_html(name), unsafe_allow_html=True)
            c1.caption(ctx.t("network.unknown_count", count=count))
            if c2.button(ctx.t("network.add_department"), key=f"net.add.{name}"):
                _act(ctx, lambda s, n=name: network.add_mention_as_department(
                    s, ctx.project_id, n, None, actor=ctx.user), ctx.t("network.added", name=name))
            target = c3.selectbox(ctx.t("network.alias_of"), canonicals, index=None, key=f"net.alias_of.{name}",
                                  placeholder=ctx.t("network.select_none"))
            if c4.button(ctx.t("network.add_alias"), key=f"net.add_alias.{name}", disabled=target is None):
                _act(ctx, lambda s, n=name, of=target: network.add_mention_as_department(
                    s, ctx.project_id, n, of, actor=ctx.user), ctx.t("network.alias_added", name=name, of=target))
            if c5.button(ctx.t("network.ignore"), key=f"net.ignore.{name}"):
                _act(ctx, lambda s, n=name: network.ignore_mention(s, ctx.project_id, n, actor=ctx.user),
                     ctx.t("network.ignored", name=name))


def _bytes_of(write: Callable[[nx.DiGraph, BinaryIO], None], g: nx.DiGraph) -> Callable[[], bytes]:
    def produce() -> bytes:
        buf = io.BytesIO()
        write(g, buf)
        return buf.getvalue()

    return produce


def _downloads(ctx: UiContext, g: nx.DiGraph) -> None:
    st.subheader(ctx.t("network.downloads"))
    labels = _labels(ctx)
    writers: list[tuple[str, str, str, Callable[[nx.DiGraph, BinaryIO], None]]] = [
        ("json", "JSON", "application/json", write_json),
        ("html", "HTML", "text/html", lambda graph, fp: write_html(graph, fp, lang=ctx.lang, labels=labels)),
        ("graphml", "GraphML", "application/graphml+xml", write_graphml),
        ("gexf", "GEXF", "application/xml", write_gexf),
        ("csv", "CSV", "text/csv", write_csv_edges),
    ]
    columns = st.columns(len(writers))
    for col, (ext, name, mime, write) in zip(columns, writers, strict=True):
        col.download_button(
            ctx.t("network.download_as", format=name), _bytes_of(write, g), file_name=f"culture_map.{ext}",
            mime=mime, key=f"net.dl.{ext}", on_click="ignore",
        )


def render(ctx: UiContext) -> None:
    """The culture map page."""
    st.title(ctx.t("network.title"))
    st.caption(ctx.t("network.intro"))
    with runtime.transaction() as session:
        stale = network.departments_stale(session, ctx.project_id)
    if stale:
        with st.spinner(ctx.t("network.reanalysing")), runtime.transaction() as session:
            network.ensure_departments_current(session, ctx.project_id, actor=ctx.user)
    flt = _filters(ctx)
    with runtime.transaction() as session:
        g = network.project_graph(session, ctx.project_id, **flt.kwargs())
    st.caption(ctx.t("network.summary", nodes=g.number_of_nodes(), edges=g.number_of_edges()))
    left, right = st.columns([3, 2])
    with left:
        if g.number_of_edges() == 0:
            st.info(ctx.t("network.empty"))
        if g.number_of_nodes():
            st.iframe(render_html(g, lang=ctx.lang, labels=_labels(ctx)), height=GRAPH_HEIGHT,
                      alt=ctx.t("network.graph_alt"))
    with right:
        _side_panel(ctx, g, flt)
    _metrics(ctx, g)
    _unknown(ctx)
    _downloads(ctx, g)
