"""Learning: retrain the project model on demand, follow the background training, compare and activate versions."""

from __future__ import annotations

import streamlit as st

from fieldnotes.domain.errors import FieldnotesError
from fieldnotes.i18n import error_text
from fieldnotes.services import learning, runtime
from fieldnotes.services.learning import VersionInfo
from fieldnotes.ui.shell import UiContext

POLL_SECONDS = 2.0


def _f1(value: object) -> str:
    return "–" if value is None else f"{float(value):.2f}"  # type: ignore[arg-type]


@st.fragment(run_every=POLL_SECONDS)
def _status(ctx: UiContext) -> None:
    """Poll the status file; start an automatic retraining when N decisions are due; refresh the page when done."""
    learning.maybe_retrain(None, ctx.project_id)
    status = learning.read_status(ctx.project_id)
    seen_key = f"learning.seen_state.{ctx.project_id}"
    previous = st.session_state.get(seen_key)
    st.session_state[seen_key] = status.state
    if status.running:
        phase = ctx.t(f"learning.phase.{status.phase}") if status.phase else ""
        st.progress(
            min(max(status.progress, 0.0), 1.0),
            text=ctx.t("learning.progress", version=status.version or "…", phase=phase,
                       percent=round(100 * status.progress)),
        )
    elif status.state == "failed":
        st.error(ctx.t("learning.failed", message=ctx.t(status.message) if status.message.startswith("learning.")
                       else status.message))
    elif status.state == "done" and status.version:
        st.success(ctx.t("learning.done", version=status.version))
    if previous == "running" and not status.running:
        st.rerun()


def _retag(ctx: UiContext) -> None:
    bar = st.progress(0.0)
    learning.retag_project(None, ctx.project_id, lambda done, total: bar.progress(done / max(total, 1)))


def _version(ctx: UiContext, v: VersionInfo, busy: bool) -> None:
    before = v.metrics.get("before", {})
    after = v.metrics.get("after", {})
    label = ctx.t(
        "learning.version_label", version=v.version, before=_f1(before.get("macro_f1")),
        after=_f1(after.get("macro_f1")), active=ctx.t("learning.is_active") if v.active else "",
    )
    with st.expander(label, expanded=v.active):
        reason = v.metrics.get("reason")
        if reason:
            (st.success if v.metrics.get("activated") else st.warning)(ctx.t(reason))
        st.caption(ctx.t(
            "learning.compared_with", version=v.metrics.get("before_version") or ctx.t("learning.shipped"),
            coded=v.metrics.get("coded_passages", 0), folds=v.metrics.get("folds", 0),
            seconds=v.metrics.get("seconds", 0),
        ))
        not_separable = v.metrics.get("not_separable") or []
        if not_separable:
            st.info(ctx.t("learning.not_separable", themes=", ".join(not_separable)))
        after_themes = after.get("per_theme", {})
        before_themes = before.get("per_theme", {})
        st.dataframe(
            [
                {
                    ctx.t("learning.col_theme"): theme,
                    ctx.t("learning.col_before"): _f1(before_themes.get(theme, {}).get("f1")),
                    ctx.t("learning.col_after"): _f1(scores.get("f1")),
                    ctx.t("learning.col_n"): f"{scores.get('n', 0)} ({scores.get('support', 0)})",
                }
                for theme, scores in after_themes.items()
                if scores.get("n")
            ],
            hide_index=True,
            width="stretch",
        )
        if not v.active and st.button(ctx.t("learning.activate"), key=f"activate-{v.id}", disabled=busy):
            with runtime.transaction() as session:
                learning.activate_version(session, ctx.project_id, v.id, ctx.user)
            _retag(ctx)
            st.success(ctx.t("learning.activated", version=v.version))
            st.rerun()


def render(ctx: UiContext) -> None:
    """The learning page."""
    st.title(ctx.t("learning.title"))
    st.caption(ctx.t("learning.intro"))
    with runtime.transaction() as session:
        active = learning.active_version(session, ctx.project_id)
        count = learning.decisions_since_training(session, ctx.project_id)
        versions = learning.list_versions(session, ctx.project_id)
    st.markdown(ctx.t("learning.active_model", version=active.version if active else ctx.t("learning.shipped")))
    st.caption(ctx.t("learning.decisions", count=count, every=learning.retrain_every()))
    busy = learning.read_status(ctx.project_id).running
    if st.button(ctx.t("learning.retrain"), key="learning.retrain", type="primary", disabled=busy):
        if learning.start_retraining(None, ctx.project_id, actor=ctx.user) is None:
            st.warning(ctx.t("learning.error.busy"))
        else:
            st.info(ctx.t("learning.started"))
    _status(ctx)
    st.subheader(ctx.t("learning.versions"))
    if not versions:
        st.caption(ctx.t("learning.no_versions"))
    for v in versions:
        _version(ctx, v, busy)
    if active is not None and st.button(ctx.t("learning.use_shipped"), key="learning.use_shipped", disabled=busy):
        try:
            with runtime.transaction() as session:
                learning.activate_version(session, ctx.project_id, None, ctx.user)
            _retag(ctx)
            st.rerun()
        except FieldnotesError as exc:
            st.error(error_text(exc, ctx.lang))
