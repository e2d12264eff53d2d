"""The rendered page is offline and carries no user text in an executable or HTML context."""

from __future__ import annotations

import re

from collections import Counter
from html.parser import HTMLParser

import networkx as nx

from fieldnotes.network.render import LABELS, RenderLabels, render_html

EVIL = "<img src=x onerror=alert(1)>"
SCRIPT = "KCC</script><script>alert(2)</script>"


def _absent(page: str, needle: str) -> bool:
    """Plain bool, so that a failure does not make pytest diff a 700 kB page."""
    return needle not in page


class _Tags(HTMLParser):
    """Counts start tags and keeps the text of the last script block."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter[str] = Counter()
        self.last_script = ""
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] += 1
        self._in_script = tag == "script"
        if self._in_script:
            self.last_script = ""

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.last_script += data

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def _graph() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_node(EVIL, passages=3)
    g.add_node(SCRIPT, passages=5)
    g.add_node("Beheer <a href='javascript:alert(3)'>x</a>", passages=1)
    g.add_node("KCC", passages=15)
    g.add_edge(EVIL, SCRIPT, weight=2, passages=["p1", "p2"])
    g.add_edge("KCC", EVIL, weight=1, passages=["secret note text"])
    return g


def test_render_offline_no_external_resources() -> None:
    page = render_html(_graph())
    assert not re.search(r"https?://", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert not re.search(r"<script[^>]*\bsrc=", page, re.IGNORECASE)
    assert _absent(page.lower(), "bootstrap")
    assert not _absent(page, "new vis.Network")  # the library is inlined


def test_render_offline_escaped_user_text() -> None:
    page = render_html(_graph())
    assert _absent(page, EVIL) and _absent(page, "<img")
    # Tokenised as a browser would (script bodies end at "</script"): only the template's own three
    # script blocks and no injected elements.
    tags = _Tags()
    tags.feed(page)
    tags.close()
    assert tags.counts["script"] == 3 and "drawGraph();" in tags.last_script
    assert not {"img", "a", "iframe", "object", "svg"} & set(tags.counts)
    assert not _absent(page, "alert(2)") and _absent(page, "<script>alert(2)")
    assert _absent(page, "popup.innerHTML")  # pyvis's href popup is never used
    assert _absent(page, "secret note text")  # no evidence in the page


def test_render_offline_titles_are_counts() -> None:
    g = nx.DiGraph()
    g.add_node("KCC", passages=15)
    g.add_node("Beleid", passages=4)
    g.add_edge("Beleid", "KCC", weight=7, passages=[])
    g.add_edge("KCC", "Beleid", weight=2, passages=[])
    page = render_html(g, lang="nl")
    assert not _absent(page, "KCC \\u2014 veroorzaakt 2, ontvangt 7, 15 passages")
    en = render_html(g, lang="en")
    assert not _absent(en, "causes 2, receives 7, 15 passages") and not _absent(en, "mostly receives")
    custom = RenderLabels(**{**{f: getattr(LABELS["en"], f) for f in LABELS["en"].__slots__},
                             "legend_title": "<b>Legend</b>"})
    assert not _absent(render_html(g, labels=custom), "&lt;b&gt;Legend&lt;/b&gt;")
