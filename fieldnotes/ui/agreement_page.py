"""Inter-coder agreement: per-theme figures over the project's codings and the disagreements to discuss.

This is where coders compare: the coding page only ever shows a coder their own decisions.
"""

from __future__ import annotations

import html
import json

import streamlit as st

from fieldnotes.services import agreement, projects, runtime
from fieldnotes.ui.render import badge_html, text_html
from fieldnotes.ui.shell import UiContext

MAX_SHOWN = 50


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _verdicts(ctx: UiContext, verdicts: dict[str, str]) -> str:
    return " · ".join(
        f"<b>{html.escape(coder)}</b>: {html.escape(ctx.t('agreement.verdict_' + verdict))}"
        for coder, verdict in verdicts.items()
    )


def render(ctx: UiContext) -> None:
    """The agreement page."""
    st.title(ctx.t("agreement.title"))
    st.caption(ctx.t("agreement.intro"))
    with runtime.transaction() as session:
        people = projects.consultant_names(session, ctx.project_id)
    c1, c2 = st.columns([3, 1])
    chosen = c1.multiselect(
        ctx.t("agreement.coders"), people, default=people, key="agreement.coders", placeholder=ctx.t("common.all")
    )
    with_model = c2.checkbox(ctx.t("agreement.with_model"), key="agreement.with_model")
    with runtime.transaction() as session:
        result = agreement.project_agreement(session, ctx.project_id, include_model=with_model, coders=chosen)
    st.markdown(
        "<div>" + html.escape(ctx.t("agreement.summary", units=result.units, coders=len(result.coders)))
        + " " + html.escape(", ".join(result.coders)) + "</div>",
        unsafe_allow_html=True,
    )
    if result.units == 0:
        st.info(ctx.t("agreement.no_units"))
    rows = [
        {
            ctx.t("agreement.col_theme"): result.labels.get(key, key),
            ctx.t("agreement.col_units"): figures.units,
            ctx.t("agreement.col_percent"): _figure(figures.percent_agreement),
            ctx.t("agreement.col_kappa"): _figure(figures.cohen_kappa),
            ctx.t("agreement.col_alpha"): _figure(figures.krippendorff_alpha),
        }
        for key, figures in result.by_theme.items()
    ]
    st.dataframe(rows, hide_index=True, key="agreement.table")
    st.caption(ctx.t("agreement.kappa_note"))
    payload = {key: vars(figures) for key, figures in result.by_theme.items()}
    st.download_button(
        ctx.t("agreement.download"), json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8"),
        file_name="agreement.json", mime="application/json", key="agreement.download",
    )
    st.subheader(ctx.t("agreement.disagreements", count=len(result.disagreements)))
    if not result.disagreements:
        st.caption(ctx.t("agreement.none"))
    for item in result.disagreements[:MAX_SHOWN]:
        with st.container(border=True):
            title = item.note_title or ctx.t("list.untitled")
            st.markdown(
                "<div>" + badge_html(item.theme_label, "#888888") + " <small>"
                + html.escape(ctx.t("agreement.in_note", title=title, passage=item.passage_id)) + "</small></div>",
                unsafe_allow_html=True,
            )
            st.markdown(text_html(item.passage_text), unsafe_allow_html=True)
            st.markdown("<div>" + _verdicts(ctx, item.verdicts) + "</div>", unsafe_allow_html=True)
    if len(result.disagreements) > MAX_SHOWN:
        st.caption(ctx.t("agreement.more", count=len(result.disagreements) - MAX_SHOWN))
