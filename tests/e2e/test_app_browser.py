"""End to end in a real browser: first page timing, create a note, reload, find it again; offline."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import Blocked, Server

pytestmark = pytest.mark.browser


def _wait_interactive(page: object) -> None:
    page.get_by_role("heading", name="Notities").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.get_by_label("Zoeken in tekst en titel").wait_for(state="visible", timeout=30_000)  # type: ignore[attr-defined]


def test_app_browser_first_page_is_interactive_quickly(server: Server, offline_page: tuple[object, Blocked]) -> None:
    page, blocked = offline_page
    start = time.monotonic()
    page.goto(server.url, wait_until="commit")  # type: ignore[attr-defined]
    _wait_interactive(page)
    elapsed = time.monotonic() - start
    again = page.context.new_page()  # type: ignore[attr-defined]  # a second visit: Streamlit's JS is cached
    start = time.monotonic()
    again.goto(server.url, wait_until="commit")
    _wait_interactive(again)
    warm = time.monotonic() - start
    print(f"\nfirst page interactive after {elapsed:.2f} s (cold browser cache), {warm:.2f} s (warm cache)")
    assert elapsed < 15, f"first page took {elapsed:.1f} s"
    page.get_by_text("van 46 notities").wait_for(timeout=30_000)  # type: ignore[attr-defined]  # the demo project
    assert not blocked.urls, f"requests left localhost: {blocked.urls}"


def test_app_browser_note_survives_reload(server: Server, offline_page: tuple[object, Blocked]) -> None:
    page, blocked = offline_page
    page.goto(server.url)  # type: ignore[attr-defined]
    _wait_interactive(page)
    page.get_by_role("link", name="Nieuwe notitie").click()  # type: ignore[attr-defined]
    title = f"E2E meelopen {time.time_ns()}"
    page.get_by_role("textbox", name="Titel").fill(title)  # type: ignore[attr-defined]
    page.get_by_role("textbox", name="Titel").press("Tab")  # type: ignore[attr-defined]
    area = page.get_by_role("textbox", name="Wat zag en hoorde je?")  # type: ignore[attr-defined]
    area.fill("Bij de balie <b>stond</b> een rij van twaalf mensen; niemand wist van de nieuwe brief.")
    area.press("Tab")
    page.get_by_role("button", name="Opslaan").click()  # type: ignore[attr-defined]
    page.get_by_text("Notitie opgeslagen").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Notities").click()  # type: ignore[attr-defined]
    _wait_interactive(page)
    page.get_by_label("Zoeken in tekst en titel").fill(title)  # type: ignore[attr-defined]
    page.get_by_label("Zoeken in tekst en titel").press("Enter")  # type: ignore[attr-defined]
    summary = page.locator("[data-testid='stExpander'] summary", has_text=title).first  # type: ignore[attr-defined]
    summary.wait_for(timeout=30_000)
    for _attempt in range(3):  # a click that lands during a rerun can be undone by it
        summary.click()
        try:
            page.get_by_text("<b>stond</b>", exact=False).first.wait_for(timeout=10_000)  # type: ignore[attr-defined]
            break
        except PlaywrightTimeout:
            continue
    page.get_by_text("<b>stond</b>", exact=False).first.wait_for(timeout=5_000)  # type: ignore[attr-defined]
    assert not blocked.urls, f"requests left localhost: {blocked.urls}"


def test_app_browser_half_typed_note_survives_reload(server: Server, offline_page: tuple[object, Blocked]) -> None:
    page, blocked = offline_page
    page.goto(f"{server.url}/new")  # type: ignore[attr-defined]
    area = page.get_by_role("textbox", name="Wat zag en hoorde je?")  # type: ignore[attr-defined]
    area.wait_for(timeout=60_000)
    time.sleep(1.5)  # let the keystroke backup attach
    words = f"Halverwege getypt {time.time_ns()}: de teamleider"
    area.press_sequentially(words, delay=5)  # typing only: no blur, no Ctrl+Enter, so Streamlit has not committed
    page.reload()  # type: ignore[attr-defined]
    area = page.get_by_role("textbox", name="Wat zag en hoorde je?")  # type: ignore[attr-defined]
    area.wait_for(timeout=60_000)
    page.wait_for_function(  # type: ignore[attr-defined]
        "w => [...document.querySelectorAll('textarea')].some(t => t.value === w)", arg=words, timeout=30_000
    )
    page.get_by_text("Concept bewaard om").wait_for(timeout=30_000)  # type: ignore[attr-defined]  # committed back
    assert not blocked.urls
