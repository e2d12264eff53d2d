"""A self-contained Markdown report: charts are embedded as base64 PNG data URIs, user text is escaped.

One file is easy to mail, attach to a ticket or put in a wiki. User text (quotes, department names, theme
labels, project name) is escaped so it can never become a link, an image, HTML, a heading or a list.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import BinaryIO

from fieldnotes.domain.report import HEADLINE_KEYS, Quote, ReportData
from fieldnotes.domain.text import md_escape
from fieldnotes.export.charts import report_images

_HEADINGS: dict[str, dict[str, str]] = {
    "nl": {
        "generated": "Gegenereerd op",
        "summary": "Samenvatting",
        "notes": "Notities",
        "passages": "Passages",
        "departments": "Afdelingen",
        "coded_passages": "Gecodeerde passages",
        "surprises": "Verrassingen",
        "heatmap": "Thema's per afdeling",
        "culture_map": "Cultuurkaart",
        "over_time": "Thema's in de tijd",
        "findings": "Bevindingen per thema",
        "theme_count": "{count} passages in {depts} afdelingen",
        "top_departments": "Meeste passages",
        "quotes": "Citaten",
        "suggested": "voorstel, score {score:.2f}",
        "no_quotes": "Geen citaten.",
        "edges": "Verrassingen tussen afdelingen",
        "source": "Veroorzaker",
        "target": "Verraste afdeling",
        "weight": "Aantal",
        "no_edges": "Geen verrassingen vastgelegd.",
        "number": "Aantal",
        "unknown": "onbekende afdeling",
    },
    "en": {
        "generated": "Generated on",
        "summary": "Summary",
        "notes": "Notes",
        "passages": "Passages",
        "departments": "Departments",
        "coded_passages": "Coded passages",
        "surprises": "Surprises",
        "heatmap": "Themes per department",
        "culture_map": "Culture map",
        "over_time": "Themes over time",
        "findings": "Findings per theme",
        "theme_count": "{count} passages in {depts} departments",
        "top_departments": "Most passages",
        "quotes": "Quotes",
        "suggested": "suggestion, score {score:.2f}",
        "no_quotes": "No quotes.",
        "edges": "Surprises between departments",
        "source": "Caused by",
        "target": "Surprised department",
        "weight": "Count",
        "no_edges": "No surprises recorded.",
        "number": "Count",
        "unknown": "unknown department",
    },
}

IMAGES: tuple[str, ...] = ("heatmap", "culture_map", "themes_over_time")
"""Report images the Markdown file embeds, in this order."""

def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _quote_lines(q: Quote, h: Mapping[str, str]) -> list[str]:
    meta = [md_escape(q.department) if q.department else h["unknown"]]
    if q.date:
        meta.append(q.date.isoformat())
    if not q.accepted and q.score is not None:
        meta.append(h["suggested"].format(score=q.score))
    return [f"> {md_escape(q.text)}", ">", f"> — {', '.join(meta)}", ""]


def render_markdown(data: ReportData, images: Mapping[str, bytes]) -> str:
    """The report as Markdown text, embedding the given PNGs (missing names are left out)."""
    h = _HEADINGS[data.lang]
    lines = [f"# {md_escape(data.project)}", ""]
    if data.subtitle:
        lines += [f"*{md_escape(data.subtitle)}*", ""]
    lines += [f"{h['generated']} {data.generated_at:%Y-%m-%d %H:%M}", "", f"## {h['summary']}", ""]
    lines += [f"| {h['summary']} | {h['number']} |", "| --- | ---: |"]
    lines += [f"| {h[key]} | {data.headline[key]} |" for key in HEADLINE_KEYS]
    lines.append("")
    titles = {"heatmap": h["heatmap"], "culture_map": h["culture_map"], "themes_over_time": h["over_time"]}
    for name in IMAGES:
        if name in images:
            lines += [f"## {titles[name]}", "", f"![{titles[name]}]({_data_uri(images[name])})", ""]
    lines += [f"## {h['findings']}", ""]
    for theme in data.themes:
        cells = data.cells(theme.key)
        lines += [f"### {md_escape(theme.label)}", ""]
        if theme.definition:
            lines += [f"*{md_escape(theme.definition)}*", ""]
        lines += [h["theme_count"].format(count=data.theme_count(theme.key), depts=len(cells)), ""]
        if cells:
            lines += [f"**{h['top_departments']}:**", ""]
            lines += [f"- {md_escape(c.department)}: {c.count} ({c.share:.0%})" for c in cells[:5]]
            lines.append("")
        quotes = data.quotes.get(theme.key, ())
        lines += [f"**{h['quotes']}:**", ""]
        if not quotes:
            lines += [h["no_quotes"], ""]
        for q in quotes:
            lines += _quote_lines(q, h)
    lines += [f"## {h['edges']}", ""]
    if data.edges:
        lines += [f"| {h['source']} | {h['target']} | {h['weight']} |", "| --- | --- | ---: |"]
        for e in sorted(data.edges, key=lambda e: (-e.weight, e.source, e.target)):
            lines.append(f"| {md_escape(e.source)} | {md_escape(e.target)} | {e.weight} |")
    else:
        lines.append(h["no_edges"])
    return "\n".join(lines) + "\n"


def write_markdown(data: ReportData, fp: BinaryIO, *, images: Mapping[str, bytes] | None = None) -> None:
    """Write the report as one UTF-8 Markdown file with its charts embedded as data URIs.

    Pass `images` (from `charts.report_images`) when exporting several formats, to render charts once.
    """
    pngs = images if images is not None else report_images(data, IMAGES)
    fp.write(render_markdown(data, pngs).encode("utf-8"))
