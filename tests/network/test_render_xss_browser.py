"""The rendered page in a real browser: offline, no script injection, and the graph is drawn."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import networkx as nx
import pytest

from fieldnotes.network.render import write_html

CHROMIUM = Path("/usr/bin/chromium")
EVIL_IMG = "<img src=x onerror=alert(1)>"
EVIL_SCRIPT = "ICT</script><script>alert(2)</script>"
EVIL_HREF = "<a href=\"javascript:alert(3)\">Beheer</a>"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]


@pytest.fixture()
def served_page(tmp_path: Path) -> Iterator[str]:
    """Write the rendered network to a tmp dir and serve it from a localhost http.server thread."""
    g = nx.DiGraph()
    for name, passages in ((EVIL_IMG, 3), (EVIL_SCRIPT, 5), (EVIL_HREF, 2), ("KCC", 9)):
        g.add_node(name, passages=passages, passage_ids=[])
    g.add_edge(EVIL_IMG, "KCC", weight=3, passages=[])
    g.add_edge(EVIL_SCRIPT, "KCC", weight=1, passages=[])
    g.add_edge("KCC", EVIL_HREF, weight=2, passages=[])
    with open(tmp_path / "network.html", "wb") as fp:
        write_html(g, fp)
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/network.html"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        return


def test_render_xss_browser_no_injection_and_drawn(served_page: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    dialogs: list[str] = []
    blocked: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 750})

            def route(r: object) -> None:
                url = r.request.url  # type: ignore[attr-defined]
                if urlparse(url).hostname in {"127.0.0.1", "localhost"}:
                    r.continue_()  # type: ignore[attr-defined]
                else:
                    blocked.append(url)
                    r.abort()  # type: ignore[attr-defined]

            page.route("**/*", route)

            def on_dialog(d: object) -> None:
                dialogs.append(d.message)  # type: ignore[attr-defined]
                d.dismiss()  # type: ignore[attr-defined]

            page.on("dialog", on_dialog)
            page.goto(served_page, wait_until="load")
            page.wait_for_selector("#mynetwork canvas", timeout=15000)
            page.wait_for_function("typeof network !== 'undefined' && network !== null", timeout=15000)
            page.wait_for_timeout(600)

            # Hover every node so vis-network shows each (hostile) title in its tooltip.
            positions = page.evaluate(
                """() => { const pos = network.getPositions(); const out = [];
                   for (const id in pos) { const d = network.canvasToDOM(pos[id]); out.push([d.x, d.y]); }
                   return out; }""")
            box = page.locator("#mynetwork").bounding_box()
            assert box is not None and len(positions) == 4
            shown: list[str] = []
            for x, y in positions:
                page.mouse.move(box["x"] + x, box["y"] + y)
                page.wait_for_timeout(300)
                shown.append(page.evaluate(
                    "(() => { const t = document.querySelector('.vis-tooltip'); return t ? t.textContent : ''; })()"))
            # Hostile names are shown literally, as text.
            assert any(t.startswith(EVIL_IMG + " ") for t in shown)
            assert any(t.startswith(EVIL_HREF + " ") for t in shown)

            assert dialogs == []
            assert blocked == []  # the page asked for nothing outside localhost
            assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
            assert page.evaluate("document.querySelectorAll('script').length") == 3
            assert page.evaluate("document.querySelectorAll('#mynetwork a').length") == 0
            tooltip = page.evaluate(
                "(() => { const t = document.querySelector('.vis-tooltip'); "
                "return t ? [t.textContent, t.children.length] : null; })()")
            assert tooltip is not None and tooltip[1] == 0  # the title is text, not markup
            painted = page.evaluate(
                """() => { const c = document.querySelector('#mynetwork canvas');
                   const ctx = c.getContext('2d');
                   const data = ctx.getImageData(0, 0, c.width, c.height).data;
                   let n = 0; for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) n++; }
                   return n; }""")
            assert painted > 500
            data_url = page.evaluate("document.querySelector('#mynetwork canvas').toDataURL('image/png')")
            assert data_url.startswith("data:image/png;base64,") and len(data_url) > 1000
        finally:
            browser.close()
