"""Presentation mode in a real browser: step through the slides with the arrow keys and the buttons, offline."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Blocked, Server

pytestmark = pytest.mark.browser


def _counter(page: object, n: int) -> None:
    page.get_by_text(f"Dia {n} van").wait_for(timeout=60_000)  # type: ignore[attr-defined]


def test_present_browser_steps_through_slides_with_keys(server: Server, offline_page: tuple[object, Blocked]) -> None:
    page, blocked = offline_page
    page.goto(f"{server.url}/present")  # type: ignore[attr-defined]
    _counter(page, 1)
    page.get_by_role("heading", name="Gemeente Lindeveen").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Gemeente Lindeveen").click()  # type: ignore[attr-defined]  # focus the slide
    page.keyboard.press("ArrowRight")  # type: ignore[attr-defined]
    _counter(page, 2)
    page.get_by_role("heading", name="Kerncijfers").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Volgende").click()  # type: ignore[attr-defined]
    _counter(page, 3)
    page.keyboard.press("ArrowLeft")  # type: ignore[attr-defined]
    _counter(page, 2)
    for n in range(3, 11):  # the rest of the deck: heat map, culture map, one slide per theme
        page.get_by_role("button", name="Volgende").click()  # type: ignore[attr-defined]
        _counter(page, n)
    expect(page.get_by_role("button", name="Volgende")).to_be_disabled(timeout=30_000)  # type: ignore[attr-defined]
    assert not blocked.urls, f"requests left localhost: {blocked.urls}"
