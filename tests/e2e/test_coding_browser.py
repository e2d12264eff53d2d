"""End to end in a real browser: code a demo passage with the keyboard only, reload, and find the coding again."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest

from tests.e2e.conftest import Blocked, Server

pytestmark = pytest.mark.browser
MAX_PASSAGES = 40
ACCEPTED = "✓ geaccepteerd"


def _position(page: object) -> int:
    """The focused passage number, from the toolbar's "Passage i van n"."""
    text = page.get_by_text(re.compile(r"Passage \d+ van \d+")).first.inner_text()  # type: ignore[attr-defined]
    return int(re.search(r"Passage (\d+) van", text).group(1))  # type: ignore[union-attr]


def _press(page: object, key: str, done: Callable[[], bool], *, tries: int = 3, wait_s: float = 20) -> None:
    """Press `key` with the focus on the page (not in a field) until `done()`; a key pressed while the app is
    still starting a run can be missed, so it is pressed again, at most `tries` times."""
    for _ in range(tries):
        page.get_by_role("heading", name="Coderen", exact=True).click()  # type: ignore[attr-defined]
        page.keyboard.press(key)  # type: ignore[attr-defined]
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if done():
                return
            time.sleep(0.2)
    raise AssertionError(f"pressing {key!r} had no effect")


def test_coding_browser_keyboard_coding_survives_reload(server: Server, offline_page: tuple[object, Blocked]) -> None:
    page, blocked = offline_page
    page.goto(server.url)  # type: ignore[attr-defined]
    page.get_by_role("link", name="Coderen").click(timeout=60_000)  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Coderen", exact=True).wait_for(timeout=60_000)  # type: ignore[attr-defined]
    page.get_by_label("Status (voor mij)").click()  # type: ignore[attr-defined]
    page.get_by_role("option", name="Voorgesteld, nog niet beslist").click()  # type: ignore[attr-defined]
    accept = page.locator(".st-key-coding-accept button")  # type: ignore[attr-defined]
    accept.wait_for(timeout=60_000)
    assert page.get_by_text(ACCEPTED).count() == 0  # type: ignore[attr-defined]

    for _ in range(MAX_PASSAGES):  # j moves to the next passage until one has an open suggestion
        if accept.is_enabled():
            break
        before = _position(page)
        _press(page, "j", lambda: _position(page) > before)
    assert accept.is_enabled(), "no demo passage with an open suggestion"

    _press(page, "a", lambda: page.get_by_text(ACCEPTED).count() > 0)  # type: ignore[attr-defined]
    coded = page.get_by_text(ACCEPTED).count()  # type: ignore[attr-defined]
    assert "note=" in page.url  # type: ignore[attr-defined]

    page.reload()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Coderen", exact=True).wait_for(timeout=60_000)  # type: ignore[attr-defined]
    page.get_by_text(ACCEPTED).first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    assert page.get_by_text(ACCEPTED).count() == coded  # type: ignore[attr-defined]
    assert not blocked.urls, f"requests left localhost: {blocked.urls}"
