"""The culture map in a real browser: the offline graph draws on its canvas, and hostile names stay text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from fieldnotes.domain.enums import CodingStatus, NoteKind
from fieldnotes.domain.notes import NoteInput
from fieldnotes.services import coding, network, notes, projects, runtime
from fieldnotes.storage.db import dispose_engines
from fieldnotes.storage.models import Passage, Theme
from tests.e2e.conftest import Blocked, Server

pytestmark = pytest.mark.browser

PAYLOAD = "<img src=x onerror=alert(1)>"
XSS_DEPT = f"Team {PAYLOAD}</script>"
XSS_ALIAS = "Xafdeling"
XSS_TEXT = (f"{XSS_ALIAS} stuurde 600 brieven zonder het KCC te informeren; het KCC werd overspoeld met "
            f"telefoontjes. Iemand plakte {PAYLOAD} </script><script>alert(2)</script> in de chat.")
GRAPH_FRAME = 'iframe[title="Netwerk van verrassingen tussen afdelingen"]'
DRAWN_PIXELS = """() => {
    const c = document.querySelector('canvas');
    if (!c || !c.width || !c.height) return 0;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
}"""


@pytest.fixture(scope="module")
def hostile_note(server: Server) -> Iterator[str]:
    """A department and a note (surprise theme accepted) with HTML and </script> in them, in the server's database."""
    url = f"sqlite:///{server.log.with_name('e2e.db')}"
    with runtime.transaction(url) as session:
        pid = projects.resolve_project(session, "Gemeente Lindeveen").id
        projects.save_department(session, pid, XSS_DEPT, [XSS_ALIAS], actor="e2e")
        record = notes.create_note(
            session, pid,
            NoteInput(text=XSS_TEXT, kind=NoteKind.OBSERVATION, date=dt.date(2026, 10, 1),
                      consultant="Marloes Verbeek", department="KCC", title=f"Brieven {PAYLOAD}", lang="nl"),
            "e2e",
        )
        theme_id = session.scalar(select(Theme.id).where(Theme.project_id == pid, Theme.key == "surprise"))
        assert theme_id is not None
        for passage in session.scalars(select(Passage).where(Passage.note_id == record.id)):
            coding.decide(session, pid, passage.id, theme_id, CodingStatus.ACCEPTED, "Marloes Verbeek")
        network.reanalyse_departments(session, pid, actor="e2e")
        assert (XSS_DEPT, "KCC") in network.project_graph(session, pid).edges
    dispose_engines()
    yield XSS_DEPT


def _open_map(page: object, server: Server, dialogs: list[str]) -> object:
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    page.goto(f"{server.url}/network")  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Cultuurkaart").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    page.locator(GRAPH_FRAME).wait_for(timeout=60_000)  # type: ignore[attr-defined]
    frame = page.locator(GRAPH_FRAME).element_handle().content_frame()  # type: ignore[attr-defined]
    frame.wait_for_selector("canvas", timeout=30_000)
    return frame


def _injected(target: object) -> int:
    return int(target.locator("img[src='x'], [onerror]").count())  # type: ignore[attr-defined]


def test_network_browser_graph_draws_offline(
    server: Server, offline_page: tuple[object, Blocked], hostile_note: str
) -> None:
    page, blocked = offline_page
    dialogs: list[str] = []
    frame = _open_map(page, server, dialogs)
    frame.wait_for_function(f"({DRAWN_PIXELS})() > 500", timeout=30_000)  # type: ignore[attr-defined]
    drawn = frame.evaluate(DRAWN_PIXELS)  # type: ignore[attr-defined]
    assert drawn > 500, f"only {drawn} drawn pixels on the graph canvas"
    html = frame.content()  # type: ignore[attr-defined]
    assert "https://" not in html and "http://" not in html
    assert not blocked.urls, f"requests left localhost: {blocked.urls}"
    assert not dialogs


def test_network_browser_hostile_names_stay_text(
    server: Server, offline_page: tuple[object, Blocked], hostile_note: str
) -> None:
    page, blocked = offline_page
    dialogs: list[str] = []
    frame = _open_map(page, server, dialogs)
    frame.wait_for_function(f"({DRAWN_PIXELS})() > 500", timeout=30_000)  # type: ignore[attr-defined]
    # choose the hostile department in the node selectbox beside the graph
    box = page.get_by_role("combobox", name="Afdeling")  # type: ignore[attr-defined]
    box.click()
    box.fill("onerror")
    page.get_by_role("option", name=hostile_note).click()  # type: ignore[attr-defined]
    page.get_by_text("Iemand plakte", exact=False).first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    quote = page.get_by_text("Iemand plakte", exact=False).first.inner_text()  # type: ignore[attr-defined]
    assert PAYLOAD in quote and "</script><script>alert(2)</script>" in quote
    assert page.get_by_text(f"Brieven {PAYLOAD}", exact=False).count() > 0  # type: ignore[attr-defined]
    page.wait_for_timeout(1000)  # type: ignore[attr-defined]
    assert _injected(page) == 0 and _injected(frame) == 0
    assert not dialogs, f"a dialog opened: {dialogs}"
    assert not blocked.urls, f"requests left localhost: {blocked.urls}"
