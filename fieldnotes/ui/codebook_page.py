"""The codebook editor: add, edit (rename), merge, retire and unretire themes, with cue words and a parent theme.

Theme labels and notes are user text: they are only ever rendered escaped (never in a markdown label).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import streamlit as st
from sqlalchemy.orm import Session

from fieldnotes.domain.coding import ThemeInfo
from fieldnotes.domain.errors import FieldnotesError
from fieldnotes.i18n import error_text
from fieldnotes.services import codebook, coding, runtime
from fieldnotes.services.codebook import ThemeUsage
from fieldnotes.ui.coding_page import show_flash
from fieldnotes.ui.render import badge_html, text_html
from fieldnotes.ui.shell import UiContext

FLASH = "codebook.flash"
NEW = "cb-new"
FIELDS = ("label", "definition", "inclusion", "exclusion", "cues_nl", "cues_en", "color", "parent")


def _run(ctx: UiContext, action: Callable[[Session], Any], done: str, **params: object) -> bool:
    """One action, one transaction; the outcome is shown on the next run."""
    try:
        with runtime.transaction() as session:
            result = action(session)
    except FieldnotesError as exc:
        st.session_state[FLASH] = ("error", error_text(exc, ctx.lang))
        return False
    st.session_state[FLASH] = ("success", ctx.t(done, result=result, **params))
    return True


def _split(text: str) -> list[str]:
    return [w.strip() for w in text.replace("\n", ",").replace(";", ",").split(",") if w.strip()]


def _values(prefix: str) -> dict[str, Any]:
    get = st.session_state.get
    return {
        "label": get(f"{prefix}-label", ""),
        "definition": get(f"{prefix}-definition", ""),
        "inclusion": get(f"{prefix}-inclusion", ""),
        "exclusion": get(f"{prefix}-exclusion", ""),
        "cues": {"nl": _split(get(f"{prefix}-cues_nl", "")), "en": _split(get(f"{prefix}-cues_en", ""))},
        "color": get(f"{prefix}-color", "#888888"),
        "parent_id": get(f"{prefix}-parent"),
    }


def _add(ctx: UiContext) -> None:
    values = _values(NEW)
    label = values.pop("label")

    def action(s: Session) -> int:
        theme = codebook.add_theme(s, ctx.project_id, label, actor=ctx.user, **values)
        return codebook.theme_usage(s, ctx.project_id)[theme.id].suggestions

    if _run(ctx, action, "codebook.added", label=label):
        for name in FIELDS:
            st.session_state.pop(f"{NEW}-{name}", None)


def _save(ctx: UiContext, theme_id: int) -> None:
    values = _values(f"cb-{theme_id}")
    _run(ctx, lambda s: codebook.update_theme(s, ctx.project_id, theme_id, actor=ctx.user, **values),
         "codebook.saved", label=values["label"])


def _retire(ctx: UiContext, theme_id: int, retired: bool, label: str) -> None:
    _run(ctx, lambda s: codebook.set_retired(s, ctx.project_id, theme_id, retired, ctx.user),
         "codebook.retired" if retired else "codebook.unretired", label=label)


def _merge(ctx: UiContext, theme_id: int, label: str) -> None:
    target = st.session_state.get(f"cb-{theme_id}-merge")
    if target is None or not st.session_state.get(f"cb-{theme_id}-merge_ok"):
        st.session_state[FLASH] = ("error", ctx.t("codebook.merge_confirm_first"))
        return
    _run(ctx, lambda s: codebook.merge_themes(s, ctx.project_id, theme_id, int(target), ctx.user),
         "codebook.merged", label=label)


def _fields(ctx: UiContext, prefix: str, theme: ThemeInfo | None, parents: list[ThemeInfo]) -> None:
    """The editable fields of a theme (empty for a new one); values live in session state under `prefix`."""
    st.text_input(ctx.t("codebook.label"), value=theme.label if theme else "", key=f"{prefix}-label")
    st.text_area(ctx.t("codebook.definition"), value=theme.definition if theme else "", key=f"{prefix}-definition",
                 height=70)
    c1, c2 = st.columns(2)
    c1.text_area(ctx.t("codebook.inclusion"), value=theme.inclusion if theme else "", key=f"{prefix}-inclusion",
                 height=70)
    c2.text_area(ctx.t("codebook.exclusion"), value=theme.exclusion if theme else "", key=f"{prefix}-exclusion",
                 height=70)
    cues = theme.cues if theme else {}
    c1.text_area(ctx.t("codebook.cues_nl"), value=", ".join(cues.get("nl", [])), key=f"{prefix}-cues_nl", height=70,
                 help=ctx.t("codebook.cues_help"))
    c2.text_area(ctx.t("codebook.cues_en"), value=", ".join(cues.get("en", [])), key=f"{prefix}-cues_en", height=70,
                 help=ctx.t("codebook.cues_help"))
    labels = {p.id: p.label for p in parents if theme is None or p.id != theme.id}
    options: list[int | None] = [None, *labels]
    current = theme.parent_id if theme and theme.parent_id in labels else None
    c1.selectbox(ctx.t("codebook.parent"), options, index=options.index(current), key=f"{prefix}-parent",
                 format_func=lambda tid: ctx.t("codebook.no_parent") if tid is None else labels[tid])
    c2.color_picker(ctx.t("codebook.color"), value=theme.color if theme else "#888888", key=f"{prefix}-color")


def _ordered(themes: list[ThemeInfo]) -> list[tuple[ThemeInfo, int]]:
    """Themes with their depth, each parent followed by its children."""
    ids = {t.id for t in themes}
    children: dict[int | None, list[ThemeInfo]] = {}
    for t in themes:
        children.setdefault(t.parent_id if t.parent_id in ids else None, []).append(t)
    out: list[tuple[ThemeInfo, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for t in children.get(parent, []):
            if all(t.id != seen.id for seen, _ in out):
                out.append((t, depth))
                walk(t.id, depth + 1)

    walk(None, 0)
    return out


def _theme_card(ctx: UiContext, theme: ThemeInfo, depth: int, usage: ThemeUsage, active: list[ThemeInfo],
                by_id: dict[int, ThemeInfo]) -> None:
    with st.container(border=True, key=f"cb-card-{theme.id}"):
        parent = by_id.get(theme.parent_id) if theme.parent_id else None
        detail = ctx.t(
            "codebook.usage", suggestions=usage.suggestions, accepted=usage.accepted, rejected=usage.rejected
        )
        indent = "&nbsp;" * 6 * depth + ("↳ " if depth else "")
        st.markdown(
            f"<div>{indent}{badge_html(theme.label, theme.color)} <code>{html.escape(theme.key)}</code> "
            f"<small>{html.escape(detail)}</small>"
            + (f" <small>{html.escape(ctx.t('codebook.under', parent=parent.label))}</small>" if parent else "")
            + "</div>",
            unsafe_allow_html=True,
        )
        if theme.definition:
            st.markdown(text_html(theme.definition), unsafe_allow_html=True)
        cues = "; ".join(f"{lang}: {', '.join(words)}" for lang, words in theme.cues.items() if words)
        if cues:
            st.markdown(f'<div><small>{html.escape(ctx.t("codebook.cues") + " — " + cues)}</small></div>',
                        unsafe_allow_html=True)
        if theme.retired:
            st.button(ctx.t("codebook.unretire"), key=f"cb-{theme.id}-unretire", on_click=_retire,
                      args=(ctx, theme.id, False, theme.label))
            return
        with st.expander(ctx.t("codebook.edit")):
            _fields(ctx, f"cb-{theme.id}", theme, active)
            st.button(ctx.t("codebook.save"), key=f"cb-{theme.id}-save", on_click=_save, args=(ctx, theme.id))
        with st.expander(ctx.t("codebook.merge_or_retire")):
            targets = {t.id: t.label for t in active if t.id != theme.id}
            c1, c2 = st.columns([3, 2])
            c1.selectbox(ctx.t("codebook.merge_into"), list(targets), key=f"cb-{theme.id}-merge",
                         format_func=lambda tid: targets[tid])
            c2.checkbox(ctx.t("codebook.merge_ok"), key=f"cb-{theme.id}-merge_ok")
            c2.button(ctx.t("codebook.merge"), key=f"cb-{theme.id}-merge_btn", on_click=_merge,
                      args=(ctx, theme.id, theme.label), disabled=not targets)
            st.button(ctx.t("codebook.retire"), key=f"cb-{theme.id}-retire", on_click=_retire,
                      args=(ctx, theme.id, True, theme.label))


def render(ctx: UiContext) -> None:
    """The codebook editor page."""
    st.title(ctx.t("codebook.title"))
    st.caption(ctx.t("codebook.intro"))
    show_flash(FLASH)
    with runtime.transaction() as session:
        themes = coding.list_themes(session, ctx.project_id, include_retired=True)
        usage = codebook.theme_usage(session, ctx.project_id)
    active = [t for t in themes if not t.retired]
    by_id = {t.id: t for t in themes}
    with st.expander(ctx.t("codebook.new"), expanded=False):
        _fields(ctx, NEW, None, active)
        st.button(ctx.t("codebook.add"), key=f"{NEW}-add", type="primary", on_click=_add, args=(ctx,))
    for theme, depth in _ordered(active):
        _theme_card(ctx, theme, depth, usage.get(theme.id, ThemeUsage(0, 0, 0)), active, by_id)
    retired = [t for t in themes if t.retired]
    if retired:
        st.subheader(ctx.t("codebook.retired_title"))
        for theme in retired:
            _theme_card(ctx, theme, 0, usage.get(theme.id, ThemeUsage(0, 0, 0)), active, by_id)
