"""AppTest fixtures: a project with a few notes in a temporary SQLite database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from fieldnotes.domain.enums import NoteKind
from fieldnotes.domain.notes import NoteInput
from fieldnotes.services import notes, projects, runtime
from fieldnotes.storage.db import dispose_engines

REPO = Path(__file__).resolve().parents[2]
PAGE_APP = Path(__file__).with_name("apps") / "page_app.py"
XSS = '<img src=x onerror=alert(1)> </script><script>alert("x")</script>'


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A database with one project, two consultants and two notes (one with HTML in it)."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("FIELDNOTES_DB_URL", url)
    with runtime.transaction(url) as session:
        pid = projects.create_project(session, "Gemeente Test").id
        projects.save_department(session, pid, "KCC", ["klantcontactcentrum"])
        projects.save_department(session, pid, "Beleid", [])
        notes.create_note(
            session, pid,
            NoteInput(text="Beleid stuurde 600 brieven; het KCC werd overspoeld met telefoontjes.",
                      kind=NoteKind.OBSERVATION, date=dt.date(2026, 9, 1), consultant="Anouk",
                      department="KCC", title="Meelopen KCC"),
            "Anouk",
        )
        notes.create_note(
            session, pid,
            NoteInput(text=f"Een medewerker plakte {XSS} in de chat.", kind=NoteKind.INTERVIEW,
                      date=dt.date(2026, 9, 2), consultant="Bram", department="Beleid", title="Interview Beleid"),
            "Bram",
        )
    yield url
    dispose_engines()


@pytest.fixture
def page(app_db: str) -> Callable[..., AppTest]:
    """Open one page of the app (notes, new, settings) in AppTest."""

    def open_page(name: str, **params: str) -> AppTest:
        at = AppTest.from_file(str(PAGE_APP), default_timeout=60)
        at.query_params["page"] = name
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    return open_page
