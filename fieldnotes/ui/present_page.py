"""Presentation mode: one slide at a time, large type, with reviewed pseudonymised quotes."""

from __future__ import annotations

import streamlit as st

from fieldnotes.domain.report import HEADLINE_KEYS, Quote, ReportData
from fieldnotes.export import charts
from fieldnotes.services import pseudonyms, runtime
from fieldnotes.services.report import report_data
from fieldnotes.ui.render import text_html
from fieldnotes.ui.shell import UiContext
from fieldnotes.ui.summary_page import report_filter

SLIDE_KEY = "present.slide"
STYLE = """
<style>
.st-key-fn-slide h1 {font-size: 3.2rem !important;}
.st-key-fn-slide .fn-text {font-size: 1.7rem; line-height: 1.45;}
.fn-big {font-size: 4rem; font-weight: 700; line-height: 1.1;}
.fn-label {font-size: 1.4rem; opacity: .75;}
</style>
"""


def slide_titles(ctx: UiContext, data: ReportData) -> list[str]:
    """Slide order: title, headline numbers, heat map, culture map, then one slide per theme."""
    return [
        ctx.t("present.slide_title"),
        ctx.t("present.slide_headline"),
        ctx.t("present.slide_heatmap"),
        ctx.t("present.slide_map"),
        *[th.label for th in data.themes],
    ]


def _quote_text(ctx: UiContext, q: Quote) -> str:
    """The quote as reviewed by the consultant, or pseudonymised automatically when not reviewed yet."""
    reviewed: dict[str, str] = st.session_state.setdefault("present.reviewed", {})
    key = pseudonyms.quote_key(q)
    if key not in reviewed:
        with runtime.transaction() as session:
            reviewed[key] = pseudonyms.pseudonymise_quote(session, ctx.project_id, q.text, ctx.lang).text
    return reviewed[key]


def _slide(ctx: UiContext, data: ReportData, index: int) -> None:
    if index == 0:
        st.markdown(f"# {data.project}")
        st.markdown(text_html(data.subtitle or ctx.t("present.subtitle_all")), unsafe_allow_html=True)
        st.caption(data.generated_at.strftime("%Y-%m-%d"))
    elif index == 1:
        st.markdown(f"# {ctx.t('present.slide_headline')}")
        cols = st.columns(len(HEADLINE_KEYS))
        for col, key in zip(cols, HEADLINE_KEYS, strict=True):
            col.markdown(
                f'<div class="fn-big">{data.headline[key]}</div>'
                f'<div class="fn-label">{ctx.t(f"summary.headline.{key}")}</div>',
                unsafe_allow_html=True,
            )
    elif index == 2:
        st.markdown(f"# {ctx.t('present.slide_heatmap')}")
        st.plotly_chart(charts.heatmap_figure(data), key="present-heatmap")
    elif index == 3:
        st.markdown(f"# {ctx.t('present.slide_map')}")
        st.plotly_chart(charts.culture_map_figure(data), key="present-map")
    else:
        theme = data.themes[index - 4]
        st.markdown(f"# {theme.label}")
        st.caption(theme.definition)
        items = data.quotes.get(theme.key, ())
        if not items:
            st.info(ctx.t("summary.no_quotes"))
        for q in items:
            st.markdown(text_html(f"“{_quote_text(ctx, q).strip()}”"), unsafe_allow_html=True)
            st.caption(" · ".join(x for x in (q.department, q.date.isoformat() if q.date else None) if x))


def _review(ctx: UiContext, data: ReportData) -> None:
    """Let the consultant check and edit every pseudonymised quote before presenting."""
    reviewed: dict[str, str] = st.session_state.setdefault("present.reviewed", {})
    for theme in data.themes:
        for i, q in enumerate(data.quotes.get(theme.key, ())):
            key = pseudonyms.quote_key(q)
            with runtime.transaction() as session:
                result = pseudonyms.pseudonymise_quote(session, ctx.project_id, q.text, ctx.lang)
            with st.container(border=True):
                st.caption(f"{theme.label} · {q.department or '—'}")
                if result.replacements:
                    st.caption(
                        ctx.t("present.replaced")
                        + ", ".join(f"{r.original} → {r.replacement}" for r in result.replacements)
                    )
                reviewed[key] = st.text_area(
                    ctx.t("present.quote_as_shown"), value=reviewed.get(key, result.text),
                    key=f"present.review.{theme.key}.{i}", height=100,
                )


def _step(delta: int, last: int) -> None:
    """Button callback: move to the next or previous slide before the page is drawn again."""
    st.session_state[SLIDE_KEY] = min(max(int(st.session_state.get(SLIDE_KEY, 0)) + delta, 0), last)


def render(ctx: UiContext) -> None:
    """The presentation page: review the quotes, then step through the slides."""
    st.markdown(STYLE, unsafe_allow_html=True)
    with st.expander(ctx.t("present.settings"), expanded=False):
        flt = report_filter(ctx, "present")
    with runtime.transaction() as session:
        data = report_data(session, ctx.project_id, flt, ctx.lang)
    titles = slide_titles(ctx, data)
    with st.expander(ctx.t("present.review"), expanded=False):
        st.caption(ctx.t("present.review_help"))
        _review(ctx, data)
    last = len(titles) - 1
    index = min(max(int(st.session_state.get(SLIDE_KEY, 0)), 0), last)
    st.session_state[SLIDE_KEY] = index
    nav_back, counter, nav_next = st.columns([1, 6, 1])
    nav_back.button(
        ctx.t("present.back"), key="present-back", shortcut="Left", disabled=index == 0, width="stretch",
        on_click=_step, args=(-1, last),
    )
    nav_next.button(
        ctx.t("present.next"), key="present-next", shortcut="Right", disabled=index == last, width="stretch",
        type="primary", on_click=_step, args=(1, last),
    )
    counter.caption(ctx.t("present.counter", n=index + 1, total=len(titles), title=titles[index]))
    with st.container(key="fn-slide"):
        _slide(ctx, data, index)
