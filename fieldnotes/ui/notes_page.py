"""The note list: search, filters, suggestions with evidence, edit, delete with confirmation, and undo."""

from __future__ import annotations

import streamlit as st

from fieldnotes.domain.coding import PassageView
from fieldnotes.domain.enums import NoteKind
from fieldnotes.domain.errors import FieldnotesError
from fieldnotes.domain.notes import NoteFilter, NoteRecord
from fieldnotes.i18n import error_text
from fieldnotes.services import notes, runtime
from fieldnotes.services.coding import note_passages
from fieldnotes.ui import capture
from fieldnotes.ui.render import Mark, badge_html, md_escape, text_html
from fieldnotes.ui.shell import UiContext


PAGE_SIZE = 12
"""Notes per page: enough to scan, few enough that the page stays fast."""


def _filters(ctx: UiContext) -> NoteFilter:
    with runtime.transaction() as session:
        options = notes.filter_options(session, ctx.project_id)
        first, last = notes.date_range(session, ctx.project_id)
    query = st.text_input(ctx.t("list.search"), key="list.query")
    c1, c2, c3, c4 = st.columns(4)
    depts = c1.multiselect(ctx.t("list.filter_department"), options["departments"], key="list.depts", placeholder=ctx.t("common.all"))
    kinds = c2.multiselect(
        ctx.t("list.filter_kind"), [k.value for k in NoteKind], key="list.kinds",
        format_func=lambda k: ctx.t(f"kind.{k}"), placeholder=ctx.t("common.all"))
    people = c3.multiselect(ctx.t("list.filter_consultant"), options["consultants"], key="list.consultants", placeholder=ctx.t("common.all"))
    period = c4.date_input(
        ctx.t("list.filter_dates"), value=(first, last) if first and last else (), key="list.period",
        format="YYYY-MM-DD",
    )
    date_from, date_to = (period[0], period[1]) if isinstance(period, tuple) and len(period) == 2 else (None, None)
    return NoteFilter(
        query=query or None,
        departments=tuple(depts),
        kinds=tuple(NoteKind(k) for k in kinds),
        consultants=tuple(people),
        date_from=date_from,
        date_to=date_to,
    )


def _passage_marks(passages: list[PassageView]) -> list[Mark]:
    marks: list[Mark] = []
    for p in passages:
        for s in p.suggestions:
            if not s.above_threshold:
                continue
            for e in s.evidence:
                marks.append(Mark(p.start + e.start, p.start + e.end, s.theme.color, s.theme.label))
    return marks


def _suggestions(ctx: UiContext, passages: list[PassageView]) -> None:
    found = False
    for p in passages:
        shown = [s for s in p.suggestions if s.above_threshold]
        if not shown:
            continue
        found = True
        badges = "".join(badge_html(s.theme.label, s.theme.color, f"{s.score:.2f}") for s in shown)
        words = sorted({e.text for s in shown for e in s.evidence})
        st.markdown(f"<div>{badges}</div>", unsafe_allow_html=True)
        excerpt = p.text if len(p.text) <= 240 else p.text[:237] + "…"
        st.markdown(text_html(excerpt), unsafe_allow_html=True)
        if words:
            st.caption(f"{ctx.t('list.evidence')}: " + ", ".join(words))
    if not found:
        st.caption(ctx.t("list.no_suggestions"))


def _note_card(ctx: UiContext, note: NoteRecord) -> None:
    title = note.title or ctx.t("list.untitled")
    meta = ctx.t(
        "list.meta",
        date=note.date.isoformat() if note.date else "—",
        kind=ctx.t(f"kind.{note.kind.value}"),
        department=note.department or "—",
        consultant=note.consultant or "—",
    )
    card = st.expander(md_escape(f"{title} — {meta}"), key=f"note-open-{note.id}", on_change="rerun")
    with card:
        if not card.open:
            return  # the body is built only for an opened note: a list of collapsed notes loads fast
        if st.session_state.get("edit_note_id") == note.id:
            saved = capture.note_form(ctx, note)
            if saved is not None:
                st.session_state.pop("edit_note_id", None)
                st.rerun()
            return
        with runtime.transaction() as session:
            passages = note_passages(session, note.id)
        st.markdown(text_html(note.text, _passage_marks(passages)), unsafe_allow_html=True)
        st.caption(ctx.t("list.lang", lang=note.lang or "?"))
        st.markdown(f"**{ctx.t('list.suggestions')}**")
        _suggestions(ctx, passages)
        b1, b2, _ = st.columns([1, 1, 5])
        if b1.button(ctx.t("list.edit"), key=f"edit-{note.id}"):
            st.session_state["edit_note_id"] = note.id
            st.rerun()
        if b2.button(ctx.t("list.delete"), key=f"delete-{note.id}"):
            st.session_state["confirm_delete"] = note.id
            st.rerun()
        if st.session_state.get("confirm_delete") == note.id:
            st.warning(ctx.t("list.confirm_delete", title=title))
            y, n, _ = st.columns([1, 1, 5])
            if y.button(ctx.t("list.confirm_yes"), key=f"confirm-{note.id}", type="primary"):
                with runtime.transaction() as session:
                    notes.delete_note(session, ctx.project_id, note.id, ctx.user)
                st.session_state.pop("confirm_delete", None)
                st.session_state["last_deleted"] = (note.id, title)
                st.rerun()
            if n.button(ctx.t("form.cancel"), key=f"cancel-{note.id}"):
                st.session_state.pop("confirm_delete", None)
                st.rerun()


def _undo_bar(ctx: UiContext) -> None:
    last = st.session_state.get("last_deleted")
    if not last:
        return
    note_id, title = last
    c1, c2 = st.columns([5, 1])
    c1.info(ctx.t("list.deleted", title=title))
    if c2.button(ctx.t("list.undo"), key="undo-delete"):
        try:
            with runtime.transaction() as session:
                notes.restore_note(session, ctx.project_id, note_id, ctx.user)
        except FieldnotesError as exc:
            st.error(error_text(exc, ctx.lang))
        st.session_state.pop("last_deleted", None)
        st.toast(ctx.t("list.restored", title=title))
        st.rerun()


def render(ctx: UiContext) -> None:
    """The note list page."""
    st.title(ctx.t("list.title"))
    _undo_bar(ctx)
    flt = _filters(ctx)
    with runtime.transaction() as session:
        shown = notes.list_notes(session, ctx.project_id, flt)
        total = notes.count_notes(session, ctx.project_id)
    if not shown:
        st.info(ctx.t("list.empty"))
        return
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(int(st.session_state.get("list.page", 1)), pages)
    first = (page - 1) * PAGE_SIZE
    st.caption(ctx.t("list.count", shown=len(shown), total=total))
    for note in shown[first : first + PAGE_SIZE]:
        _note_card(ctx, note)
    if pages > 1:
        st.number_input(
            ctx.t("list.page", pages=pages), min_value=1, max_value=pages, step=1, key="list.page", width=180
        )
