"""The app shell: language switch, project and user choice, first-start demo, and the page list."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from fieldnotes.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from fieldnotes.services import demo, projects, runtime


@dataclass(frozen=True)
class UiContext:
    """What every page needs to know about the current session."""

    lang: str
    project_id: int
    project_name: str
    user: str | None

    def t(self, key: str, /, **params: object) -> str:
        """Translate `key` in the session's language."""
        return t(key, self.lang, **params)


def _persisted(name: str, default: str | None) -> str | None:
    """A choice kept in the URL so it survives a page reload."""
    return st.query_params.get(name, default)


def _remember(name: str, value: str | None) -> None:
    if value is None:
        st.query_params.pop(name, None)
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def _first_start() -> None:
    """Load the demo into an empty database (normally `fieldnotes serve` did this before the server started)."""
    with runtime.transaction() as session:
        empty = projects.count_projects(session) == 0
    if empty:
        with st.spinner(t("first_start.loading", st.session_state.get("lang", DEFAULT_LANGUAGE))):
            with runtime.transaction() as session:
                demo.ensure_demo(session)


def sidebar() -> UiContext:
    """Draw the sidebar and return the session's context."""
    _first_start()
    lang_default = _persisted("lang", DEFAULT_LANGUAGE)
    lang = st.sidebar.segmented_control(
        t("sidebar.language", lang_default or DEFAULT_LANGUAGE),
        options=list(LANGUAGES),
        default=lang_default if lang_default in LANGUAGES else DEFAULT_LANGUAGE,
        format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
        key="lang",
    ) or DEFAULT_LANGUAGE
    _remember("lang", None if lang == DEFAULT_LANGUAGE else lang)

    with runtime.transaction() as session:
        all_projects = projects.list_projects(session)
        chosen_name = _persisted("project", all_projects[0].name)
        names = [p.name for p in all_projects]
        index = names.index(chosen_name) if chosen_name in names else 0
        name = st.sidebar.selectbox(t("sidebar.project", lang), names, index=index, key="project")
        project = next(p for p in all_projects if p.name == name)
        _remember("project", None if len(names) == 1 else project.name)
        consultants = projects.consultant_names(session, project.id)
    user_default = _persisted("user", consultants[0] if consultants else None)
    user = st.sidebar.selectbox(
        t("sidebar.me", lang),
        consultants,
        index=consultants.index(user_default) if user_default in consultants else 0,
        key="user",
    ) if consultants else None
    _remember("user", user)
    st.sidebar.caption(t("sidebar.database", lang, location=runtime.database_location()))
    return UiContext(lang=lang, project_id=project.id, project_name=project.name, user=user)


def _lazy(module: str, ctx: UiContext) -> Callable[[], None]:
    """A page callable that imports its module only when the page is shown, so the first page loads fast."""

    def run() -> None:
        importlib.import_module(f"fieldnotes.ui.{module}").render(ctx)

    run.__name__ = module
    return run


PAGES: tuple[tuple[str, str, str, str], ...] = (
    # (section key, module, title key, url path); the first page is the default.
    ("nav.section.fieldwork", "notes_page", "nav.notes", "notes"),
    ("nav.section.fieldwork", "capture", "nav.new_note", "new"),
    ("nav.section.analysis", "coding_page", "nav.coding", "coding"),
    ("nav.section.analysis", "codebook_page", "nav.codebook", "codebook"),
    ("nav.section.analysis", "network_page", "nav.network", "network"),
    ("nav.section.analysis", "agreement_page", "nav.agreement", "agreement"),
    ("nav.section.analysis", "learning_page", "nav.learning", "learning"),
    ("nav.section.reporting", "summary_page", "nav.summary", "summary"),
    ("nav.section.reporting", "present_page", "nav.present", "present"),
    ("nav.section.settings", "settings_page", "nav.settings", "settings"),
)


def pages(ctx: UiContext) -> dict[str, list[st.Page]]:
    """The navigation entries by section, titled in the session's language."""
    sections: dict[str, list[st.Page]] = {}
    for i, (section, module, title, url) in enumerate(PAGES):
        sections.setdefault(ctx.t(section), []).append(
            st.Page(_lazy(module, ctx), title=ctx.t(title), url_path=url, default=i == 0)
        )
    return sections
