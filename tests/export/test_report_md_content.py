"""Markdown report: one self-contained file with embedded PNGs, escaped user text."""

from __future__ import annotations

import base64
import dataclasses
import io
import re

import pytest

from fieldnotes.domain.report import Quote, ReportData
from fieldnotes.export.report_md import md_escape, write_markdown

pytestmark = pytest.mark.usefixtures("matplotlib_charts")

markdown_it = pytest.importorskip("markdown_it")  # installed with streamlit (via rich)

HOSTILE = [
    "[klik hier](http://evil.example)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "![beeld](http://evil.example/x.png)",
    "# Geen kop",
    "- geen lijst",
    "1. geen genummerde lijst",
    "> geen citaat",
    "*niet vet* _niet cursief_ `geen code` ~~niet doorgestreept~~",
    "www.evil.example en https://evil.example en jan@evil.example",
    "&lt;entity&gt; | tabel | kolom",
]


def _render(text: str) -> str:
    return markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


def _write(data: ReportData, images: dict[str, bytes] | None = None) -> str:
    buf = io.BytesIO()
    write_markdown(data, buf, images=images)
    return buf.getvalue().decode("utf-8")


def test_report_md_content_sections_and_images(report: ReportData) -> None:
    text = _write(report)
    assert text.startswith("# Gemeente Voorbeeld – cultuuronderzoek\n")
    for heading in ("## Samenvatting", "## Thema's per afdeling", "## Cultuurkaart", "## Bevindingen per thema",
                    "## Verrassingen tussen afdelingen"):
        assert heading in text
    for theme in report.themes:
        assert f"### {md_escape(theme.label)}" in text
    uris = re.findall(r"!\[[^\]]*\]\(data:image/png;base64,([A-Za-z0-9+/=]+)\)", text)
    assert len(uris) == 3
    assert all(base64.b64decode(u).startswith(b"\x89PNG") for u in uris)
    quote = report.quotes["silos"][0]
    assert f"> {md_escape(quote.text)}" in text
    assert "| ICT | Klantcontact | 5 |" in text


def test_report_md_content_english(report_en: ReportData, pngs: dict[str, bytes]) -> None:
    text = _write(report_en, pngs)
    assert "## Findings per theme" in text and "## Summary" in text


@pytest.mark.parametrize("hostile", HOSTILE)
def test_report_md_content_escapes_user_text(hostile: str) -> None:
    html = _render(md_escape(hostile))
    assert html.startswith("<p>") and html.count("<p>") == 1, html
    for tag in ("<a", "<script", "<img", "<h1", "<ul", "<ol", "<blockquote", "<em", "<strong", "<code", "<s>",
                "<del", "<table"):
        assert tag not in html, (tag, html)


def test_report_md_content_hostile_quote_in_report(report: ReportData, pngs: dict[str, bytes]) -> None:
    hostile = Quote("silos", "\n".join(HOSTILE), "<b>ICT</b>", "N1", True, None)
    data = dataclasses.replace(report, quotes={**report.quotes, "silos": (hostile,)}, project="[P](http://x)")
    html = _render(_write(data, pngs))
    assert "evil.example" in html  # the text is still there ...
    assert 'href="http://evil' not in html and "<script" not in html and "onerror=alert(1)>" not in html
    assert "&lt;b&gt;ICT&lt;/b&gt;" in html  # ... and shows as text
