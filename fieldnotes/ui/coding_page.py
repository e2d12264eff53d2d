"""Coding one note: suggestions with evidence, accept/reject/add per passage, code any selection, memos and undo.

Keyboard: Streamlit's own button shortcuts (`shortcut=`), which ignore keys typed into text fields:
j/k next/previous passage, a accept and x reject the current suggestion of the focused passage, u undo.
("r" is reserved by Streamlit for rerun, so reject is "x".) Every action runs in a button callback as one
transaction; the page then redraws from the database. A coder only ever sees their own decisions here.
"""

from __future__ import annotations

import html
import zlib
from collections.abc import Callable
from typing import Any

import streamlit as st
from sqlalchemy.orm import Session

from fieldnotes.domain.coding import PassageView, SuggestionView, ThemeInfo
from fieldnotes.domain.enums import CodingStatus
from fieldnotes.domain.errors import FieldnotesError
from fieldnotes.domain.notes import NoteRecord
from fieldnotes.i18n import error_text
from fieldnotes.services import coding, notes, runtime
from fieldnotes.services.coding import CodingFilter, MemoView
from fieldnotes.ui.render import Mark, badge_html, md_escape, text_html
from fieldnotes.ui.shell import UiContext

FLASH = "coding.flash"
FOCUS = "coding.focus_id"
STATUSES = ("all", "suggested", "accepted", "rejected", "uncoded")
WEAK_MIN = 0.05
"""Weaker (below-threshold) suggestions under this score are not worth showing."""
SHORTCUTS = {"next": "j", "prev": "k", "accept": "a", "reject": "x", "undo": "u"}


# --- actions (button callbacks: one transaction each, the outcome is shown on the next run) ---------------


def _run(
    ctx: UiContext, action: Callable[[Session], Any], done: str | None = None, **params: object
) -> tuple[bool, Any]:
    """Run one action in one transaction; report success (when `done` names a message) or the error."""
    try:
        with runtime.transaction() as session:
            result = action(session)
    except FieldnotesError as exc:
        st.session_state[FLASH] = ("error", error_text(exc, ctx.lang))
        return False, None
    if done:
        st.session_state[FLASH] = ("success", ctx.t(done, **params))
    return True, result


def _decide(ctx: UiContext, passage_id: int, theme_id: int, status: CodingStatus) -> None:
    st.session_state[FOCUS] = passage_id
    ok, _ = _run(ctx, lambda s: coding.decide(s, ctx.project_id, passage_id, theme_id, status, ctx.user))
    if ok:
        from fieldnotes.services import learning  # retrains in the background after every N decisions

        learning.maybe_retrain(None, ctx.project_id)


def _add(ctx: UiContext, passage_id: int) -> None:
    theme_id = st.session_state.get(f"add-theme-{passage_id}")
    if theme_id is not None:
        _decide(ctx, passage_id, int(theme_id), CodingStatus.ACCEPTED)


def _undo(ctx: UiContext) -> None:
    ok, undone = _run(ctx, lambda s: coding.undo_last(s, ctx.project_id, ctx.user))
    if ok:
        st.session_state[FLASH] = (
            ("success", ctx.t("coding.undone")) if undone else ("info", ctx.t("coding.nothing_to_undo"))
        )


def _move(passage_ids: list[int], step: int) -> None:
    current = st.session_state.get(FOCUS)
    index = passage_ids.index(current) if current in passage_ids else 0
    st.session_state[FOCUS] = passage_ids[max(0, min(len(passage_ids) - 1, index + step))]


def _code_selection(ctx: UiContext, note_id: int, start: int, end: int, theme_key: str) -> None:
    theme_id = st.session_state.get(theme_key)
    if theme_id is None:
        return

    def action(s: Session) -> int | None:
        coding.add_selection(s, ctx.project_id, note_id, start, end, int(theme_id), ctx.user)
        return next((p.id for p in coding.note_passages(s, note_id) if p.start == start and p.end == end), None)

    ok, passage_id = _run(ctx, action, "coding.selection_coded", start=start, end=end)
    if ok:
        st.session_state[FOCUS] = passage_id
        st.session_state[f"coding.quote-{note_id}"] = ""


def _save_memo(ctx: UiContext, widget: str, *, note_id: int | None = None, passage_id: int | None = None,
               memo_id: int | None = None) -> None:
    text = st.session_state.get(widget, "")
    ok, _ = _run(ctx, lambda s: coding.save_memo(s, ctx.project_id, text, ctx.user, note_id=note_id,
                                                 passage_id=passage_id, memo_id=memo_id), "coding.memo_saved")
    if ok and memo_id is None:
        st.session_state[widget] = ""


def _delete_memo(ctx: UiContext, memo_id: int) -> None:
    _run(ctx, lambda s: coding.delete_memo(s, ctx.project_id, memo_id, ctx.user), "coding.memo_deleted")


# --- drawing ---------------------------------------------------------------------------------------------------


def _html(inner: str) -> str:
    """Wrap already-escaped HTML in one block so markdown never reinterprets user text (links, images)."""
    return "<div>" + inner.replace("\n", " ") + "</div>"


def _small(text: str) -> None:
    """A caption that may contain user text (names): escaped, never markdown."""
    st.markdown(f'<div style="font-size:0.85rem;opacity:0.7">{html.escape(text)}</div>', unsafe_allow_html=True)


def show_flash(key: str) -> None:
    """Show (once) the outcome of the last action, stored under `key` as (kind, message)."""
    kind, message = st.session_state.pop(key, (None, ""))
    show = {"success": st.success, "error": st.error, "info": st.info}.get(kind or "")
    if show is not None:
        show(md_escape(message))


def _filters(ctx: UiContext, themes: list[ThemeInfo], options: dict[str, list[str]]) -> CodingFilter:
    c1, c2, c3, c4 = st.columns(4)
    labels = {t.id: t.label for t in themes}
    theme_id = c1.selectbox(
        ctx.t("coding.filter_theme"), [None, *labels], key="coding.f_theme",
        format_func=lambda tid: ctx.t("coding.any") if tid is None else labels[tid],
    )
    status = c2.selectbox(
        ctx.t("coding.filter_status"), STATUSES, key="coding.f_status",
        format_func=lambda s: ctx.t(f"coding.status_{s}"),
    )
    depts = c3.multiselect(ctx.t("list.filter_department"), options["departments"], key="coding.f_depts", placeholder=ctx.t("common.all"))
    people = c4.multiselect(ctx.t("list.filter_consultant"), options["consultants"], key="coding.f_people", placeholder=ctx.t("common.all"))
    return CodingFilter(
        theme_id=theme_id,
        status=None if status == "all" else ("uncoded" if status == "uncoded" else CodingStatus(status)),
        departments=tuple(depts),
        consultants=tuple(people),
    )


def _choose_note(ctx: UiContext, candidates: list[NoteRecord]) -> NoteRecord:
    by_id = {n.id: n for n in candidates}
    wanted = st.query_params.get("note")
    ids = list(by_id)
    index = ids.index(int(wanted)) if wanted and wanted.isdigit() and int(wanted) in by_id else 0

    def label(note_id: int) -> str:
        n = by_id[note_id]
        return ctx.t(
            "coding.note_option", title=n.title or ctx.t("list.untitled"),
            date=n.date.isoformat() if n.date else "—", department=n.department or "—",
        )

    # A new widget whenever the filters change the list, so the browser never keeps showing a note left out.
    key = f"coding.note-{zlib.crc32(repr(ids).encode())}"
    chosen = st.selectbox(ctx.t("coding.note"), ids, index=index, format_func=label, key=key)
    if st.query_params.get("note") != str(chosen):
        st.query_params["note"] = str(chosen)
    return by_id[chosen]


def _keep_current(session: Session, ctx: UiContext, flt: CodingFilter, candidates: list[NoteRecord]) -> None:
    """Keep the note being coded in the list while the filters stay the same, so it does not vanish the moment
    its last open suggestion is decided."""
    wanted = st.query_params.get("note", "")
    same = st.session_state.get("coding.filter") == flt
    st.session_state["coding.filter"] = flt
    if not (same and wanted.isdigit()) or any(n.id == int(wanted) for n in candidates):
        return
    try:
        candidates.insert(0, notes.get_note(session, ctx.project_id, int(wanted)))
    except FieldnotesError:
        return


def _toolbar(ctx: UiContext, passages: list[PassageView], focused: PassageView) -> None:
    ids = [p.id for p in passages]
    current = next(iter(coding.open_suggestions(focused)), None)
    st.caption(ctx.t("coding.shortcuts"))
    cols = st.columns([1.1, 1.3, 1.5, 1.3, 1.8, 3])
    cols[0].button(ctx.t("coding.prev"), key="coding.prev", shortcut=SHORTCUTS["prev"], on_click=_move, args=(ids, -1),
                   disabled=focused.id == ids[0])
    cols[1].button(ctx.t("coding.next"), key="coding.next", shortcut=SHORTCUTS["next"], on_click=_move, args=(ids, 1),
                   disabled=focused.id == ids[-1])
    cols[2].button(
        ctx.t("coding.accept"), key="coding.accept", shortcut=SHORTCUTS["accept"], type="primary",
        disabled=current is None, on_click=_decide,
        args=(ctx, focused.id, current.theme.id if current else 0, CodingStatus.ACCEPTED),
    )
    cols[3].button(
        ctx.t("coding.reject"), key="coding.reject", shortcut=SHORTCUTS["reject"], disabled=current is None,
        on_click=_decide, args=(ctx, focused.id, current.theme.id if current else 0, CodingStatus.REJECTED),
    )
    cols[4].button(ctx.t("coding.undo"), key="coding.undo", shortcut=SHORTCUTS["undo"], on_click=_undo, args=(ctx,))
    position = ctx.t("coding.position", index=ids.index(focused.id) + 1, total=len(ids))
    current_html = badge_html(current.theme.label, current.theme.color, f"{current.score:.2f}") if current else ""
    hint = ctx.t("coding.current") if current else ctx.t("coding.no_open")
    cols[5].markdown(
        f'<div style="padding-top:6px">{html.escape(position + " · " + hint)} {current_html}</div>',
        unsafe_allow_html=True,
    )


def _evidence_marks(passage: PassageView) -> list[Mark]:
    return [
        Mark(e.start, e.end, s.theme.color, s.theme.label)
        for s in passage.suggestions
        if s.above_threshold
        for e in s.evidence
    ]


def _decision_rows(ctx: UiContext, passage: PassageView) -> None:
    mine = {c.theme.id: c for c in passage.codings}
    rows: list[tuple[ThemeInfo, SuggestionView | None]] = [
        (s.theme, s) for s in passage.suggestions if s.above_threshold or s.theme.id in mine
    ]
    rows += [(c.theme, None) for c in passage.codings if c.theme.id not in {t.id for t, _ in rows}]
    if not rows:
        st.caption(ctx.t("coding.no_suggestions"))
    for theme, sugg in rows:
        decision = mine.get(theme.id)
        state = decision.status.value if decision else "open"
        detail = f"{sugg.score:.2f}" if sugg else ctx.t("coding.added")
        c1, c2, c3 = st.columns([4, 1, 1])
        c1.markdown(
            _html(
                badge_html(theme.label, theme.color, detail)
                + f" <small>{html.escape(ctx.t('coding.state_' + state))}</small>"
            ),
            unsafe_allow_html=True,
        )
        c2.button(
            ctx.t("coding.accept_one"), key=f"acc-{passage.id}-{theme.id}", disabled=state == "accepted",
            on_click=_decide, args=(ctx, passage.id, theme.id, CodingStatus.ACCEPTED),
        )
        c3.button(
            ctx.t("coding.reject_one"), key=f"rej-{passage.id}-{theme.id}", disabled=state == "rejected",
            on_click=_decide, args=(ctx, passage.id, theme.id, CodingStatus.REJECTED),
        )
    weaker = [
        s for s in passage.suggestions if not s.above_threshold and s.theme.id not in mine and s.score >= WEAK_MIN
    ]
    if weaker:
        st.markdown(
            _html(
                f"<small>{html.escape(ctx.t('coding.weaker'))}</small> "
                + "".join(badge_html(s.theme.label, s.theme.color, f"{s.score:.2f}") for s in weaker[:5])
            ),
            unsafe_allow_html=True,
        )


def _add_row(ctx: UiContext, passage: PassageView, themes: list[ThemeInfo]) -> None:
    labels = {t.id: t.label for t in themes}
    c1, c2 = st.columns([4, 2])
    c1.selectbox(
        ctx.t("coding.add_theme"), list(labels), key=f"add-theme-{passage.id}",
        format_func=lambda tid: labels[tid], label_visibility="collapsed",
    )
    c2.button(ctx.t("coding.add"), key=f"add-{passage.id}", on_click=_add, args=(ctx, passage.id))


def _memo_list(ctx: UiContext, memos: list[MemoView]) -> None:
    for memo in memos:
        st.markdown(text_html(memo.text), unsafe_allow_html=True)
        _small(ctx.t("coding.memo_meta", user=memo.user or "—", when=memo.updated_at.strftime("%Y-%m-%d %H:%M")))
        if memo.user != ctx.user:
            continue
        widget = f"memo-edit-{memo.id}"
        st.text_area(ctx.t("coding.memo_edit"), value=memo.text, key=widget, height=70)
        c1, c2, _ = st.columns([1, 1, 3])
        c1.button(ctx.t("coding.memo_update"), key=f"memo-save-{memo.id}", on_click=_save_memo, args=(ctx, widget),
                  kwargs={"memo_id": memo.id})
        c2.button(ctx.t("coding.memo_delete"), key=f"memo-del-{memo.id}", on_click=_delete_memo, args=(ctx, memo.id))


def _memo_box(ctx: UiContext, memos: list[MemoView], *, note_id: int | None = None,
              passage_id: int | None = None) -> None:
    _memo_list(ctx, memos)
    suffix = f"n{note_id}" if note_id is not None else f"p{passage_id}"
    widget = f"memo-new-{suffix}"
    st.text_area(ctx.t("coding.memo_new"), key=widget, height=70)
    st.button(ctx.t("coding.memo_add"), key=f"memo-add-{suffix}", on_click=_save_memo, args=(ctx, widget),
              kwargs={"note_id": note_id, "passage_id": passage_id})


def _passage(ctx: UiContext, index: int, passage: PassageView, focused: bool, themes: list[ThemeInfo],
             memos: list[MemoView]) -> None:
    with st.container(border=True, key=f"passage-{passage.id}"):
        marker = "▶ " if focused else ""
        kind = ctx.t("coding.auto") if passage.auto else ctx.t("coding.manual")
        st.caption(f"{marker}{ctx.t('coding.passage', index=index + 1)} · {passage.start}–{passage.end} · {kind}")
        st.markdown(text_html(passage.text, _evidence_marks(passage)), unsafe_allow_html=True)
        _decision_rows(ctx, passage)
        _add_row(ctx, passage, themes)
        with st.expander(ctx.t("coding.memos", count=len(memos))):
            _memo_box(ctx, memos, passage_id=passage.id)


def _selection(ctx: UiContext, note: NoteRecord, themes: list[ThemeInfo], passages: list[PassageView]) -> None:
    st.subheader(ctx.t("coding.selection"))
    quote = st.text_input(ctx.t("coding.quote"), key=f"coding.quote-{note.id}", help=ctx.t("coding.quote_help"))
    start = end = 0
    if quote:
        found = coding.find_quote(note.text, quote)
        if not found:
            st.warning(ctx.t("coding.quote_not_found"))
        elif len(found) == 1:
            start, end = found[0]
        else:
            start, end = st.selectbox(
                ctx.t("coding.occurrence"), found, key=f"coding.occ-{note.id}",
                format_func=lambda span: ctx.t("coding.occurrence_at", start=span[0], end=span[1]),
            )
    else:
        c1, c2 = st.columns(2)
        start = int(c1.number_input(ctx.t("coding.sel_start"), 0, len(note.text), 0, key=f"coding.start-{note.id}"))
        end = int(c2.number_input(ctx.t("coding.sel_end"), 0, len(note.text), 0, key=f"coding.end-{note.id}"))
    coded = [
        Mark(p.start, p.end, c.theme.color, c.theme.label)
        for p in passages for c in p.codings if c.status is CodingStatus.ACCEPTED
    ]
    if start < end:
        st.markdown(text_html(ctx.t("coding.selected", start=start, end=end)), unsafe_allow_html=True)
        st.markdown(
            '<blockquote style="margin:0">' + text_html(note.text[start:end]) + "</blockquote>", unsafe_allow_html=True
        )
        marks = [Mark(start, end, "#ffbf00", ctx.t("coding.selection"))]
    else:
        marks = coded
    labels = {t.id: t.label for t in themes}
    c1, c2 = st.columns([4, 2])
    theme_key = f"coding.sel_theme-{note.id}"
    c1.selectbox(ctx.t("coding.add_theme"), list(labels), key=theme_key, format_func=lambda tid: labels[tid])
    c2.button(
        ctx.t("coding.code_selection"), key=f"coding.sel_add-{note.id}", disabled=start >= end,
        on_click=_code_selection, args=(ctx, note.id, start, end, theme_key),
    )
    with st.expander(ctx.t("coding.whole_note"), expanded=start < end):
        st.markdown(text_html(note.text, marks), unsafe_allow_html=True)


def render(ctx: UiContext) -> None:
    """The coding page."""
    st.title(ctx.t("coding.title"))
    if not ctx.user:
        st.info(ctx.t("error.no_user"))
        return
    show_flash(FLASH)
    with runtime.transaction() as session:
        themes = coding.list_themes(session, ctx.project_id)
        options = notes.filter_options(session, ctx.project_id)
    flt = _filters(ctx, themes, options)
    with runtime.transaction() as session:
        candidates = coding.coding_notes(session, ctx.project_id, ctx.user, flt)
        _keep_current(session, ctx, flt, candidates)
    st.caption(ctx.t("coding.count", count=len(candidates)))
    if not candidates:
        st.info(ctx.t("coding.no_notes"))
        return
    note = _choose_note(ctx, candidates)
    with runtime.transaction() as session:
        passages = coding.coder_passages(session, note.id, ctx.user)
        memos = coding.note_memos(session, note.id)
    st.markdown(
        '<div style="font-size:1.2rem;font-weight:600">' + text_html(note.title or ctx.t("list.untitled")) + "</div>",
        unsafe_allow_html=True,
    )
    _small(ctx.t("coding.viewing_as", user=ctx.user))
    if not passages:
        st.info(ctx.t("coding.no_passages"))
    else:
        ids = [p.id for p in passages]
        if st.session_state.get(FOCUS) not in ids:
            st.session_state[FOCUS] = ids[0]
        focused = passages[ids.index(st.session_state[FOCUS])]
        _toolbar(ctx, passages, focused)
        for i, passage in enumerate(passages):
            _passage(ctx, i, passage, passage.id == focused.id, themes,
                     [m for m in memos if m.passage_id == passage.id])
    _selection(ctx, note, themes, passages)
    st.subheader(ctx.t("coding.note_memos"))
    _memo_box(ctx, [m for m in memos if m.note_id == note.id], note_id=note.id)
