"""Settings: where the data lives, the department registry, import/export, the bin and the event log."""

from __future__ import annotations

import io

import streamlit as st

from fieldnotes.domain.errors import FieldnotesError
from fieldnotes.i18n import error_text
from fieldnotes.services import events, notes, notes_io, projects, runtime
from fieldnotes.ui.shell import UiContext


def _departments(ctx: UiContext) -> None:
    st.subheader(ctx.t("settings.departments"))
    with runtime.transaction() as session:
        registry = projects.department_registry(session, ctx.project_id)
    for name, aliases in [*registry.items(), ("", [])]:
        label = name or ctx.t("settings.dept_new")
        with st.expander(label):
            new_name = st.text_input(ctx.t("settings.dept_name"), value=name, key=f"dept-name-{name}")
            alias_text = st.text_input(
                ctx.t("settings.dept_aliases"), value=", ".join(aliases), key=f"dept-aliases-{name}"
            )
            if st.button(ctx.t("settings.dept_save"), key=f"dept-save-{name}"):
                try:
                    with runtime.transaction() as session:
                        projects.save_department(
                            session, ctx.project_id, new_name, alias_text.split(","),
                            original_name=name or None, actor=ctx.user,
                        )
                    st.success(ctx.t("settings.dept_saved", name=new_name))
                    st.rerun()
                except FieldnotesError as exc:
                    st.error(error_text(exc, ctx.lang))


def _import_export(ctx: UiContext) -> None:
    st.subheader(ctx.t("io.title"))
    upload = st.file_uploader(ctx.t("io.import_label"), type=["jsonl", "json", "txt"], help=ctx.t("io.import_help"))
    if upload is not None and st.button(ctx.t("io.import_button")):
        bar = st.progress(0.0)

        def progress(done: int, total: int) -> None:
            bar.progress(done / max(total, 1), text=ctx.t("io.progress", done=done, total=total))

        try:
            with runtime.transaction() as session:
                report = notes_io.import_notes_jsonl(
                    session, ctx.project_id, upload.getvalue(), ctx.user, progress=progress
                )
            st.success(
                ctx.t("io.imported", imported=report.imported, skipped=report.skipped_existing,
                      passages=report.passages)
            )
        except FieldnotesError as exc:
            st.error(error_text(exc, ctx.lang))
    buf = io.BytesIO()
    with runtime.transaction() as session:
        notes_io.export_notes_jsonl(session, ctx.project_id, buf)
    st.download_button(
        ctx.t("io.export_jsonl"), buf.getvalue(), file_name="notes.jsonl", mime="application/jsonl"
    )


def _bin(ctx: UiContext) -> None:
    st.subheader(ctx.t("settings.bin"))
    with runtime.transaction() as session:
        deleted = notes.list_deleted(session, ctx.project_id)
    if not deleted:
        st.caption(ctx.t("settings.bin_empty"))
    for note in deleted:
        c1, c2 = st.columns([5, 1])
        c1.text(note.title or ctx.t("list.untitled"))
        if c2.button(ctx.t("settings.restore"), key=f"restore-{note.id}"):
            with runtime.transaction() as session:
                notes.restore_note(session, ctx.project_id, note.id, ctx.user)
            st.rerun()


def render(ctx: UiContext) -> None:
    """The settings page."""
    st.title(ctx.t("settings.title"))
    st.subheader(ctx.t("settings.database"))
    st.code(runtime.database_location(), language=None)
    st.caption(ctx.t("settings.database_help"))
    _departments(ctx)
    _import_export(ctx)
    _bin(ctx)
    st.subheader(ctx.t("settings.events"))
    with runtime.transaction() as session:
        log = events.recent(session, ctx.project_id)
    st.dataframe(
        [{"at": e.at, "actor": e.actor, "action": e.action, "entity": f"{e.entity} {e.entity_id or ''}"} for e in log],
        hide_index=True,
        width="stretch",
    )
