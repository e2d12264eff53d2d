"""AppTest of the coding page: accept, reject, add, keyboard-bound buttons, undo, selections and memos.

The database is built by hand (passages and suggestions without the tagger) so every run sees the same page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from fieldnotes.domain.enums import CodingStatus
from fieldnotes.domain.notes import NoteInput
from fieldnotes.services import coding, notes, projects, runtime
from fieldnotes.storage.db import dispose_engines
from fieldnotes.storage.models import Passage, Suggestion, Theme
from tests.ui.conftest import PAGE_APP, XSS

TEXT = (
    "Beleid stuurde 600 brieven zonder overleg. Het KCC werd overspoeld met telefoontjes. "
    f"Iemand plakte {XSS} in de chat."
)


@dataclass(frozen=True)
class Coded:
    """The test database: its URL, project, note, passages and theme ids by key."""

    url: str
    project_id: int
    note_id: int
    passages: list[int]
    themes: dict[str, int]


@pytest.fixture
def coded_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Coded]:
    """One note in three passages; passage 1 has two suggestions, passage 2 one, passage 3 a weak one."""
    url = f"sqlite:///{tmp_path / 'coding.db'}"
    monkeypatch.setenv("FIELDNOTES_DB_URL", url)
    with runtime.transaction(url) as s:
        pid = projects.create_project(s, "Gemeente Test").id
        projects.consultant_id(s, pid, "Bram")
        note = notes.create_note(
            s, pid, NoteInput(text=TEXT, consultant="Anouk", department="KCC", title="Meelopen KCC", lang="nl"),
            "Anouk", analyse=False,
        )
        first, second = TEXT.index(". ") + 1, TEXT.index(". ", TEXT.index(". ") + 1) + 1
        bounds = [(0, first), (first + 1, second), (second + 1, len(TEXT))]
        ids = []
        for start, end in bounds:
            passage = Passage(note_id=note.id, start=start, end=end, text=TEXT[start:end])
            s.add(passage)
            s.flush()
            ids.append(passage.id)
        themes = {t.key: t.id for t in s.scalars(select(Theme).where(Theme.project_id == pid))}
        for passage_id, key, score, above in ((ids[0], "surprise", 0.9, True), (ids[0], "silos", 0.7, True),
                                              (ids[1], "customer_impact", 0.8, True), (ids[2], "ideas", 0.2, False)):
            evidence = [{"start": 7, "end": 14, "text": "stuurde"}] if key == "surprise" else []
            s.add(Suggestion(passage_id=passage_id, theme_id=themes[key], agent="test-1", score=score,
                             above_threshold=above, evidence=evidence))
        db = Coded(url, pid, note.id, ids, themes)
    yield db
    dispose_engines()


@pytest.fixture
def coding_page(coded_db: Coded) -> Callable[..., AppTest]:
    """Open the coding page as a given coder."""

    def open_page(user: str = "Anouk") -> AppTest:
        at = AppTest.from_file(str(PAGE_APP), default_timeout=60)
        at.query_params["page"] = "coding"
        at.query_params["user"] = user
        return at.run()

    return open_page


def _mine(db: Coded, user: str = "Anouk") -> dict[tuple[int, str], str]:
    with runtime.transaction(db.url) as s:
        views = coding.passage_codings(s, db.passages, user)
    return {(pid, c.theme.key): c.status.value for pid, cs in views.items() for c in cs}


def _html(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_pages_coding_accepts_current_suggestion_with_the_shortcut_button(
    coding_page: Callable[..., AppTest], coded_db: Coded
) -> None:
    at = coding_page()
    assert not at.exception
    assert at.title[0].value == "Coderen"
    accept = at.button(key="coding.accept")
    assert accept.proto.shortcut == "a"
    accept.click().run()
    assert _mine(coded_db) == {(coded_db.passages[0], "surprise"): "accepted"}
    at.button(key="coding.reject").click().run()
    assert _mine(coded_db)[(coded_db.passages[0], "silos")] == "rejected"
    assert at.button(key="coding.accept").disabled, "no open suggestion left on this passage"
    assert "✓ geaccepteerd" in _html(at) and "✗ afgewezen" in _html(at)


def test_pages_coding_next_previous_move_the_focus(coding_page: Callable[..., AppTest], coded_db: Coded) -> None:
    at = coding_page()
    assert at.button(key="coding.next").proto.shortcut == "j"
    assert at.button(key="coding.prev").proto.shortcut == "k"
    at.button(key="coding.next").click().run()
    at.button(key="coding.accept").click().run()
    assert _mine(coded_db) == {(coded_db.passages[1], "customer_impact"): "accepted"}
    at.button(key="coding.next").click().run()
    assert at.button(key="coding.next").disabled and at.button(key="coding.accept").disabled
    at.button(key="coding.prev").click().run()
    at.button(key="coding.prev").click().run()
    assert at.button(key="coding.prev").disabled


def test_pages_coding_reject_and_add_with_one_click(coding_page: Callable[..., AppTest], coded_db: Coded) -> None:
    at = coding_page()
    p1, p2, _ = coded_db.passages
    at.button(key=f"rej-{p1}-{coded_db.themes['surprise']}").click().run()
    at.selectbox(key=f"add-theme-{p2}").set_value(coded_db.themes["no_time"]).run()
    at.button(key=f"add-{p2}").click().run()
    assert not at.exception
    assert _mine(coded_db) == {(p1, "surprise"): "rejected", (p2, "no_time"): "accepted"}
    assert at.button(key=f"acc-{p2}-{coded_db.themes['no_time']}").disabled


def test_pages_coding_undo_walks_back(coding_page: Callable[..., AppTest], coded_db: Coded) -> None:
    at = coding_page()
    assert at.button(key="coding.undo").proto.shortcut == "u"
    at.button(key="coding.accept").click().run()
    at.button(key="coding.accept").click().run()
    assert len(_mine(coded_db)) == 2
    at.button(key="coding.undo").click().run()
    assert _mine(coded_db) == {(coded_db.passages[0], "surprise"): "accepted"}
    at.button(key="coding.undo").click().run()
    assert _mine(coded_db) == {}
    at.button(key="coding.undo").click().run()
    assert at.info and "Niets meer" in at.info[0].value


def test_pages_coding_coders_see_only_their_own_decisions(coding_page: Callable[..., AppTest],
                                                          coded_db: Coded) -> None:
    with runtime.transaction(coded_db.url) as s:
        coding.decide(s, coded_db.project_id, coded_db.passages[0], coded_db.themes["surprise"],
                      CodingStatus.ACCEPTED, "Bram")
    at = coding_page("Anouk")
    assert "✓ geaccepteerd" not in _html(at)
    assert not at.button(key="coding.accept").disabled
    assert "✓ geaccepteerd" in _html(coding_page("Bram"))


def test_pages_coding_codes_a_quoted_selection(coding_page: Callable[..., AppTest], coded_db: Coded) -> None:
    at = coding_page()
    at.text_input(key=f"coding.quote-{coded_db.note_id}").input("overspoeld met telefoontjes").run()
    assert "overspoeld met telefoontjes" in _html(at), "the selected text is shown before coding"
    at.selectbox(key=f"coding.sel_theme-{coded_db.note_id}").set_value(coded_db.themes["no_time"]).run()
    at.button(key=f"coding.sel_add-{coded_db.note_id}").click().run()
    assert not at.exception and at.success
    with runtime.transaction(coded_db.url) as s:
        manual = [p for p in coding.coder_passages(s, coded_db.note_id, "Anouk") if not p.auto]
    start = TEXT.index("overspoeld")
    assert [(p.start, p.end, [c.theme.key for c in p.codings]) for p in manual] == [
        (start, start + len("overspoeld met telefoontjes"), ["no_time"])
    ]
    at.text_input(key=f"coding.quote-{coded_db.note_id}").input("niet in de tekst").run()
    assert at.warning


def test_pages_coding_memos_add_edit_delete(coding_page: Callable[..., AppTest], coded_db: Coded) -> None:
    at = coding_page()
    p1 = coded_db.passages[0]
    at.text_area(key=f"memo-new-p{p1}").input("Brief kwam <b>onverwacht</b>").run()
    at.button(key=f"memo-add-p{p1}").click().run()
    at.text_area(key=f"memo-new-n{coded_db.note_id}").input("Hele dag druk").run()
    at.button(key=f"memo-add-n{coded_db.note_id}").click().run()
    with runtime.transaction(coded_db.url) as s:
        memos = coding.note_memos(s, coded_db.note_id)
    assert [(m.text, m.passage_id, m.note_id) for m in memos] == [
        ("Brief kwam <b>onverwacht</b>", p1, None), ("Hele dag druk", None, coded_db.note_id)
    ]
    assert "Brief kwam &lt;b&gt;onverwacht&lt;/b&gt;" in _html(at)
    assert at.text_area(key=f"memo-new-p{p1}").value == "", "the new-memo box is cleared"
    first = memos[0].id
    at.text_area(key=f"memo-edit-{first}").input("Brief kwam onverwacht, zegt Fatima").run()
    at.button(key=f"memo-save-{first}").click().run()
    at.button(key=f"memo-del-{memos[1].id}").click().run()
    with runtime.transaction(coded_db.url) as s:
        assert [m.text for m in coding.note_memos(s, coded_db.note_id)] == ["Brief kwam onverwacht, zegt Fatima"]


def test_pages_coding_escapes_note_text_and_filters(coding_page: Callable[..., AppTest], coded_db: Coded) -> None:
    at = coding_page()
    html = _html(at)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html and "<script>" not in html
    at.selectbox(key="coding.f_status").set_value("accepted").run()
    assert any("Geen notities" in i.value for i in at.info)
    at.selectbox(key="coding.f_status").set_value("suggested").run()
    assert next(box for box in at.selectbox if box.label == "Notitie").value == coded_db.note_id
