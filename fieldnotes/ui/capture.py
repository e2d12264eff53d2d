"""The quick note form: new notes and edits, with drafts saved automatically on every change."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import streamlit as st

from fieldnotes.domain.enums import NoteKind
from fieldnotes.domain.errors import FieldnotesError
from fieldnotes.domain.notes import MAX_NOTE_CHARS, NoteInput, NoteRecord
from fieldnotes.i18n import error_text
from fieldnotes.services import drafts, notes, runtime
from fieldnotes.services.coding import note_passages
from fieldnotes.ui.shell import UiContext

FIELDS = ("kind", "date", "consultant", "department", "role", "location", "title", "text")
NEW = "__new__"


def _key(form: str, field: str) -> str:
    return f"form.{form}.{field}"


def _values(form: str) -> dict[str, Any]:
    return {f: st.session_state.get(_key(form, f)) for f in FIELDS} | {
        f"{f}_new": st.session_state.get(_key(form, f"{f}_new")) for f in ("consultant", "department")
    }


def _to_payload(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if isinstance(out.get("date"), dt.date):
        out["date"] = out["date"].isoformat()
    return out


def _autosave(ctx: UiContext, form: str) -> None:
    """on_change callback: persist the half-typed form."""
    payload = _to_payload(_values(form))
    now = dt.datetime.now()
    payload["saved_at"] = now.strftime("%H:%M:%S")
    payload["saved_ms"] = int(now.timestamp() * 1000)
    with runtime.transaction() as session:
        drafts.save_draft(session, ctx.project_id, form, payload)
    st.session_state[_key(form, "saved_at")] = payload["saved_at"]
    st.session_state[_key(form, "server_ms")] = payload["saved_ms"]


def _initial(ctx: UiContext, form: str, note: NoteRecord | None) -> None:
    """Fill the widgets once per form: from a draft if there is one, else from the note or defaults."""
    marker = _key(form, "_loaded")
    if st.session_state.get(marker):
        return
    with runtime.transaction() as session:
        draft = drafts.load_draft(session, ctx.project_id, form)
    base: dict[str, Any] = {
        "kind": NoteKind.OBSERVATION.value,
        "date": dt.date.today(),
        "consultant": ctx.user,
        "department": None,
        "role": "",
        "location": "",
        "title": "",
        "text": "",
    }
    if note is not None:
        base.update(
            kind=note.kind.value, date=note.date, consultant=note.consultant, department=note.department,
            role=note.role or "", location=note.location or "", title=note.title or "", text=note.text,
        )
    if draft:
        base.update({k: v for k, v in draft.items() if k in FIELDS or k.endswith("_new")})
        if isinstance(base.get("date"), str):
            try:
                base["date"] = dt.date.fromisoformat(base["date"])
            except ValueError:
                base["date"] = None
        st.session_state[_key(form, "restored")] = draft.get("saved_at", "")
        st.session_state[_key(form, "server_ms")] = int(draft.get("saved_ms", 0))
    for field, value in base.items():
        st.session_state[_key(form, field)] = value
    st.session_state[marker] = True


def _reset(form: str) -> None:
    for name in list(st.session_state.keys()):
        if isinstance(name, str) and name.startswith(f"form.{form}."):
            del st.session_state[name]


def _choice(ctx: UiContext, form: str, field: str, options: list[str], label: str, new_label: str) -> None:
    """A select box of known values plus 'new…', which reveals a text input."""
    current = st.session_state.get(_key(form, field))
    opts = [""] + options + ([current] if current and current not in options and current != NEW else []) + [NEW]
    st.selectbox(
        label,
        opts,
        key=_key(form, field),
        format_func=lambda v: ctx.t("form.no_department") if v == "" else (new_label if v == NEW else v),
        on_change=_autosave,
        args=(ctx, form),
    )
    if st.session_state.get(_key(form, field)) == NEW:
        st.text_input(
            ctx.t(f"form.new_{field}_name"), key=_key(form, f"{field}_new"), on_change=_autosave, args=(ctx, form)
        )


def _note_input(form: str, external_id: str | None) -> NoteInput:
    v = _values(form)

    def pick(field: str) -> str | None:
        value = v.get(field)
        return (v.get(f"{field}_new") or None) if value == NEW else (value or None)

    return NoteInput(
        text=v.get("text") or "",
        kind=NoteKind(v.get("kind") or NoteKind.OBSERVATION.value),
        date=v.get("date"),
        consultant=pick("consultant"),
        department=pick("department"),
        role=v.get("role"),
        location=v.get("location"),
        title=v.get("title"),
        external_id=external_id,
    )


BACKUP_FIELDS = ("title", "role", "location", "text")
BACKUP_JS = """
<script>
(() => {
  const form = %(form)s, fields = %(fields)s, serverMs = %(server_ms)s, clear = %(clear)s;
  const storeKey = "fieldnotes.draft." + %(project)s + "." + form;
  if (clear) localStorage.removeItem(storeKey);
  const runKey = "fieldnotesBackupRun." + form;
  const run = (window[runKey] || 0) + 1;
  window[runKey] = run;
  const find = f => document.querySelector(`.st-key-form-${form}-${f} textarea, .st-key-form-${form}-${f} input`);
  const save = () => {
    const data = {t: Date.now(), v: {}};
    for (const f of fields) { const el = find(f); if (el) data.v[f] = el.value; }
    localStorage.setItem(storeKey, JSON.stringify(data));
  };
  const restore = (el, value) => {
    const proto = el.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, "value").set.call(el, value);
    el.dispatchEvent(new Event("input", {bubbles: true}));
    el.focus(); el.blur();
  };
  const attach = tries => {
    const els = fields.map(find);
    const busy = document.querySelector('[data-testid="stStatusWidget"]');
    if (els.some(e => !e) || (busy && tries < 75)) {
      if (tries < 100) setTimeout(() => attach(tries + 1), 200);
      return;
    }
    const saved = JSON.parse(localStorage.getItem(storeKey) || "null");
    if (!clear && saved && saved.t > serverMs) {
      const pending = els.map((el, i) => [el, saved.v[fields[i]]])
        .filter(([el, v]) => typeof v === "string" && v !== el.value);
      pending.forEach(([el, v]) => restore(el, v));
      // A commit sent while the app is still busy can be dropped; without a new run of this script
      // (the server's draft time would have changed), send it again.
      [2500, 6000].forEach(ms => setTimeout(() => {
        if (window[runKey] === run) pending.forEach(([el, v]) => restore(el, v));
      }, ms));
    }
    for (const el of els) {
      if (!el.dataset.fnBackup) { el.dataset.fnBackup = "1"; el.addEventListener("input", save); }
    }
  };
  attach(0);
})();
</script>
"""


def _keystroke_backup(ctx: UiContext, form: str, server_ms: int, clear: bool) -> None:
    """Back up every keystroke in the browser (localStorage) and restore it after a reload.

    Streamlit commits a text area only on blur, so without this a reload while typing would lose the last words;
    the restored text is committed back, which saves the server-side draft. The script is a constant: only
    JSON-encoded numbers and identifiers are filled in, never user text.
    """
    script = BACKUP_JS % {
        "form": json.dumps(form), "fields": json.dumps(list(BACKUP_FIELDS)), "server_ms": int(server_ms),
        "clear": json.dumps(clear), "project": json.dumps(str(ctx.project_id)),
    }
    st.html(script, unsafe_allow_javascript=True, width=1)


def note_form(ctx: UiContext, note: NoteRecord | None = None) -> NoteRecord | None:
    """Draw the form (new note when `note` is None); returns the saved note after a successful save."""
    form = "new" if note is None else f"edit-{note.id}"
    _initial(ctx, form, note)
    with runtime.transaction() as session:
        options = notes.filter_options(session, ctx.project_id)
    restored = st.session_state.pop(_key(form, "restored"), None)
    if restored is not None:
        st.info(ctx.t("form.draft_restored", when=restored))

    c1, c2, c3 = st.columns(3)
    with c1:
        st.selectbox(
            ctx.t("form.kind"), [k.value for k in NoteKind], key=_key(form, "kind"),
            format_func=lambda k: ctx.t(f"kind.{k}"), on_change=_autosave, args=(ctx, form),
        )
    with c2:
        st.date_input(ctx.t("form.date"), key=_key(form, "date"), format="YYYY-MM-DD", on_change=_autosave,
                      args=(ctx, form))
    with c3:
        _choice(ctx, form, "consultant", options["consultants"], ctx.t("form.consultant"), ctx.t("form.new_consultant"))
    c4, c5, c6 = st.columns(3)
    with c4:
        _choice(ctx, form, "department", options["departments"], ctx.t("form.department"),
                ctx.t("form.new_department"))
    with c5:
        st.text_input(ctx.t("form.role"), key=_key(form, "role"), on_change=_autosave, args=(ctx, form))
    with c6:
        st.text_input(ctx.t("form.location"), key=_key(form, "location"), on_change=_autosave, args=(ctx, form))
    st.text_input(ctx.t("form.title"), key=_key(form, "title"), on_change=_autosave, args=(ctx, form))
    st.text_area(
        ctx.t("form.text"), key=_key(form, "text"), height=300, max_chars=MAX_NOTE_CHARS,
        help=ctx.t("form.text_help", limit=f"{MAX_NOTE_CHARS:,}"), on_change=_autosave, args=(ctx, form),
    )
    saved_at = st.session_state.get(_key(form, "saved_at"))
    if saved_at:
        st.caption(ctx.t("form.draft_saved", when=saved_at))
    _keystroke_backup(ctx, form, st.session_state.get(_key(form, "server_ms"), 0),
                      st.session_state.pop(f"capture.clear_local.{form}", False))

    b1, b2, _ = st.columns([1, 1, 4])
    save = b1.button(ctx.t("form.save"), type="primary", key=_key(form, "save_btn"))
    discard = b2.button(
        ctx.t("form.discard_draft") if note is None else ctx.t("form.cancel"), key=_key(form, "discard_btn")
    )
    if discard:
        with runtime.transaction() as session:
            drafts.clear_draft(session, ctx.project_id, form)
        _reset(form)
        st.session_state[f"capture.clear_local.{form}"] = True
        st.session_state.pop("edit_note_id", None)
        st.rerun()
    if save:
        try:
            with st.spinner("…"), runtime.transaction() as session:
                data = _note_input(form, note.external_id if note else None)
                if note is None:
                    saved = notes.create_note(session, ctx.project_id, data, ctx.user)
                else:
                    saved = notes.update_note(session, ctx.project_id, note.id, data, ctx.user)
                drafts.clear_draft(session, ctx.project_id, form)
        except FieldnotesError as exc:
            st.error(error_text(exc, ctx.lang))
            return None
        _reset(form)
        st.session_state[f"capture.clear_local.{form}"] = True
        return saved
    return None


def render(ctx: UiContext) -> None:
    """The 'new note' page."""
    st.title(ctx.t("form.title_new"))
    st.caption(ctx.t("form.intro"))
    flash = st.session_state.pop("capture.flash", None)
    if flash:
        st.success(flash)
    saved = note_form(ctx)
    if saved is not None:
        with runtime.transaction() as session:
            count = len(note_passages(session, saved.id))
        st.session_state["capture.flash"] = ctx.t("form.saved", passages=count)
        st.rerun()

