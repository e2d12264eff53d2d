"""AppTest of the note pages: capture, list, filters, edit, delete with confirmation and undo, drafts."""

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from fieldnotes.services import notes, projects, runtime
from tests.ui.conftest import REPO, XSS


def _titles(at: AppTest) -> list[str]:
    return [e.label.split(" — ")[0] for e in at.expander]


def _open(at: AppTest, note_id: int) -> AppTest:
    """Open a note's card: its body is only built once opened."""
    at.session_state[f"note-open-{note_id}"] = True
    return at.run()


def _open_all(at: AppTest) -> AppTest:
    """Open every note card on the page."""
    for card in at.expander:
        at.session_state[card.proto.id.split("-", 2)[2]] = True  # element id "$$ID-<hash>-<key>"
    return at.run()


def _project_id(url: str) -> int:
    with runtime.transaction(url) as s:
        return projects.resolve_project(s).id


def test_pages_router_opens_note_list_in_dutch(app_db: str) -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Notities"
    assert set(_titles(at)) == {"Meelopen KCC", "Interview Beleid"}


def test_pages_language_switch_to_english(page: Callable[..., AppTest]) -> None:
    at = page("notes", lang="en")
    assert at.title[0].value == "Notes"
    assert at.sidebar.segmented_control[0].value == "en"


def test_pages_note_html_is_escaped(page: Callable[..., AppTest]) -> None:
    at = _open_all(page("notes"))
    html = "".join(m.value for m in at.markdown)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html and "<script>" not in html


def test_pages_filters_by_department_and_search(page: Callable[..., AppTest]) -> None:
    at = page("notes")
    at.multiselect(key="list.depts").select("Beleid").run()
    assert _titles(at) == ["Interview Beleid"]
    at.multiselect(key="list.depts").unselect("Beleid").run()
    at.text_input(key="list.query").input("overspoeld").run()
    assert _titles(at) == ["Meelopen KCC"]


def test_pages_capture_saves_note_and_clears_draft(page: Callable[..., AppTest], app_db: str) -> None:
    at = page("new")
    at.text_input(key="form.new.title").input("Nieuwe observatie").run()
    at.text_area(key="form.new.text").input("De wachtrij liep op tot veertig bellers.").run()
    at.button(key="form.new.save_btn").click().run()
    assert not at.exception
    assert at.success, "a confirmation is shown"
    pid = _project_id(app_db)
    with runtime.transaction(app_db) as s:
        assert "Nieuwe observatie" in [n.title for n in notes.list_notes(s, pid)]
        from fieldnotes.services import drafts

        assert drafts.load_draft(s, pid, "new") is None


def test_pages_capture_shows_clear_error_for_empty_text(page: Callable[..., AppTest], app_db: str) -> None:
    at = page("new")
    at.text_input(key="form.new.title").input("Leeg").run()
    at.button(key="form.new.save_btn").click().run()
    assert at.error and "leeg" in at.error[0].value.lower()
    with runtime.transaction(app_db) as s:
        assert notes.count_notes(s, _project_id(app_db)) == 2


def test_pages_draft_survives_a_reload(page: Callable[..., AppTest]) -> None:
    at = page("new")
    at.text_input(key="form.new.title").input("Half getypt").run()
    at.text_area(key="form.new.text").input("Wat ik zag bij de balie…").run()
    fresh = page("new")  # a new session, as after a page reload
    assert fresh.text_input(key="form.new.title").value == "Half getypt"
    assert fresh.text_area(key="form.new.text").value == "Wat ik zag bij de balie…"
    assert fresh.info, "the restored draft is announced"


def test_pages_delete_needs_confirmation_and_can_be_undone(page: Callable[..., AppTest], app_db: str) -> None:
    at = page("notes")
    pid = _project_id(app_db)
    with runtime.transaction(app_db) as s:
        target = next(n for n in notes.list_notes(s, pid) if n.title == "Meelopen KCC")
    _open(at, target.id).button(key=f"delete-{target.id}").click().run()
    assert at.warning, "asks for confirmation"
    assert "Meelopen KCC" in _titles(at)
    at.button(key=f"confirm-{target.id}").click().run()
    assert "Meelopen KCC" not in _titles(at)
    at.button(key="undo-delete").click().run()
    assert "Meelopen KCC" in _titles(at)


def test_pages_edit_note(page: Callable[..., AppTest], app_db: str) -> None:
    at = page("notes")
    pid = _project_id(app_db)
    with runtime.transaction(app_db) as s:
        target = next(n for n in notes.list_notes(s, pid) if n.title == "Interview Beleid")
    _open(at, target.id).button(key=f"edit-{target.id}").click().run()
    at.text_input(key=f"form.edit-{target.id}.title").input("Interview Beleid (bijgewerkt)").run()
    at.button(key=f"form.edit-{target.id}.save_btn").click().run()
    assert not at.exception
    with runtime.transaction(app_db) as s:
        assert notes.get_note(s, pid, target.id).title == "Interview Beleid (bijgewerkt)"


def test_pages_settings_shows_database_path_and_edits_departments(
    page: Callable[..., AppTest], app_db: str
) -> None:
    at = page("settings")
    assert any(Path(app_db.removeprefix("sqlite:///")).name in c.value for c in at.code)
    at.text_input(key="dept-aliases-KCC").input("klantcontactcentrum, contact centre").run()
    at.button(key="dept-save-KCC").click().run()
    with runtime.transaction(app_db) as s:
        assert projects.department_registry(s, _project_id(app_db))["KCC"] == ["contact centre", "klantcontactcentrum"]


def test_pages_html_in_note_not_rendered_in_list(page: Callable[..., AppTest]) -> None:
    at = _open_all(page("notes"))
    assert all("<script>" not in m.value for m in at.markdown)
    assert XSS not in "".join(m.value for m in at.markdown)


def test_pages_note_body_is_built_only_when_opened(page: Callable[..., AppTest], app_db: str) -> None:
    at = page("notes")
    assert not at.button, "collapsed cards carry no body"
    pid = _project_id(app_db)
    with runtime.transaction(app_db) as s:
        target = next(n for n in notes.list_notes(s, pid) if n.title == "Meelopen KCC")
    opened = _open(at, target.id)
    assert [b.key for b in opened.button] == [f"edit-{target.id}", f"delete-{target.id}"]
