"""The theme summary for management: filters, headline numbers, charts, quotes, culture map and downloads."""

from __future__ import annotations

import datetime as dt
import io

import streamlit as st

from fieldnotes.domain.enums import NoteKind
from fieldnotes.domain.report import HEADLINE_KEYS, ReportData
from fieldnotes.export import charts
from fieldnotes.services import exports, notes, runtime
from fieldnotes.services.report import ReportFilter, report_data
from fieldnotes.ui.render import text_html
from fieldnotes.ui.shell import UiContext


def report_filter(ctx: UiContext, prefix: str) -> ReportFilter:
    """Period, consultant, kind and 'count suggestions' controls shared by summary and presentation."""
    with runtime.transaction() as session:
        options = notes.filter_options(session, ctx.project_id)
        first, last = notes.date_range(session, ctx.project_id)
    c1, c2, c3, c4 = st.columns([2, 2, 2, 2])
    period = c1.date_input(
        ctx.t("list.filter_dates"), value=(first, last) if first and last else (), key=f"{prefix}.period",
        format="YYYY-MM-DD",
    )
    people = c2.multiselect(ctx.t("list.filter_consultant"), options["consultants"], key=f"{prefix}.consultants", placeholder=ctx.t("common.all"))
    kinds = c3.multiselect(
        ctx.t("list.filter_kind"), [k.value for k in NoteKind], key=f"{prefix}.kinds",
        format_func=lambda k: ctx.t(f"kind.{k}"), placeholder=ctx.t("common.all"))
    include = c4.toggle(
        ctx.t("summary.include_suggestions"), value=True, key=f"{prefix}.suggestions",
        help=ctx.t("summary.include_suggestions_help"),
    )
    date_from, date_to = (period[0], period[1]) if isinstance(period, tuple) and len(period) == 2 else (None, None)
    return ReportFilter(
        date_from=date_from, date_to=date_to, consultants=tuple(people),
        kinds=tuple(NoteKind(k) for k in kinds), include_suggestions=include,
    )


def headline(ctx: UiContext, data: ReportData) -> None:
    """The headline numbers as metrics."""
    cols = st.columns(len(HEADLINE_KEYS))
    for col, key in zip(cols, HEADLINE_KEYS, strict=True):
        col.metric(ctx.t(f"summary.headline.{key}"), data.headline[key])


def quotes(ctx: UiContext, data: ReportData, theme_key: str) -> None:
    """Up to three quotes for a theme, escaped, with their department and date."""
    items = data.quotes.get(theme_key, ())
    if not items:
        st.caption(ctx.t("summary.no_quotes"))
    for q in items:
        st.markdown(text_html(f"“{q.text.strip()}”"), unsafe_allow_html=True)
        source = " · ".join(x for x in (q.department, q.date.isoformat() if q.date else None) if x)
        status = ctx.t("summary.accepted") if q.accepted else ctx.t("summary.suggested", score=f"{q.score or 0:.2f}")
        st.caption(f"{source} — {status}")


def _downloads(ctx: UiContext, flt: ReportFilter, data: ReportData) -> None:
    st.subheader(ctx.t("summary.downloads"))
    cols = st.columns(len(exports.FORMATS))
    stamp = dt.date.today().isoformat()
    for col, (fmt, (mime, ext)) in zip(cols, exports.FORMATS.items(), strict=True):

        def build(fmt: str = fmt) -> bytes:
            buf = io.BytesIO()
            with runtime.transaction() as session:
                exports.write_export(
                    session, ctx.project_id, fmt, buf, flt=flt, lang=ctx.lang,
                    data=data if fmt in exports.REPORT_FORMATS else None,
                )
            return buf.getvalue()

        col.download_button(
            fmt.upper(), build, file_name=f"fieldnotes-{stamp}.{ext}", mime=mime, key=f"dl-{fmt}",
            on_click="ignore", width="stretch",
        )
    st.caption(ctx.t("summary.downloads_help"))


def render(ctx: UiContext) -> None:
    """The summary page."""
    st.title(ctx.t("summary.title"))
    flt = report_filter(ctx, "summary")
    with st.spinner(ctx.t("summary.loading")), runtime.transaction() as session:
        data = report_data(session, ctx.project_id, flt, ctx.lang)
    headline(ctx, data)
    if not data.passages:
        st.info(ctx.t("summary.empty"))
        return
    st.plotly_chart(charts.heatmap_figure(data), key="chart-heatmap")
    left, right = st.columns(2)
    with left:
        st.plotly_chart(charts.themes_over_time_figure(data), key="chart-time")
    with right:
        st.plotly_chart(charts.culture_map_figure(data), key="chart-map")
    st.subheader(ctx.t("summary.per_theme"))
    tabs = st.tabs([th.label for th in data.themes])
    for tab, theme in zip(tabs, data.themes, strict=True):
        with tab:
            st.caption(theme.definition)
            c1, c2 = st.columns([1, 1])
            with c1:
                st.plotly_chart(charts.top_departments_figure(data, theme.key), key=f"chart-top-{theme.key}")
            with c2:
                quotes(ctx, data, theme.key)
    _downloads(ctx, flt, data)
