"""A Word report: title page, headline numbers, heat map and culture map, findings per theme, surprises.

Built with python-docx on its default template, so the document uses Word's own styles (Title, Heading,
Quote, table grid) and a consultant can restyle it with their firm's template in Word.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any, BinaryIO

from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt, RGBColor

from fieldnotes.domain.report import HEADLINE_KEYS, ReportData
from fieldnotes.export.charts import report_images

_HEADINGS: dict[str, dict[str, str]] = {
    "nl": {
        "generated": "Gegenereerd op {when}",
        "summary": "Samenvatting",
        "notes": "Notities",
        "passages": "Passages",
        "departments": "Afdelingen",
        "coded_passages": "Gecodeerde passages",
        "surprises": "Verrassingen",
        "figure": "Figuur",
        "heatmap": "Thema's per afdeling",
        "culture_map": "Cultuurkaart: wie verrast wie",
        "over_time": "Thema's in de tijd",
        "findings": "Bevindingen per thema",
        "theme_count": "{count} passages in {depts} afdelingen.",
        "top_departments": "Afdelingen met de meeste passages",
        "quotes": "Citaten",
        "suggested": "voorstel, score {score:.2f}",
        "no_quotes": "Geen citaten.",
        "edges": "Verrassingen tussen afdelingen",
        "source": "Veroorzaker",
        "target": "Verraste afdeling",
        "weight": "Aantal",
        "no_edges": "Geen verrassingen vastgelegd.",
        "unknown": "onbekende afdeling",
    },
    "en": {
        "generated": "Generated on {when}",
        "summary": "Summary",
        "notes": "Notes",
        "passages": "Passages",
        "departments": "Departments",
        "coded_passages": "Coded passages",
        "surprises": "Surprises",
        "figure": "Figure",
        "heatmap": "Themes per department",
        "culture_map": "Culture map: who surprises whom",
        "over_time": "Themes over time",
        "findings": "Findings per theme",
        "theme_count": "{count} passages in {depts} departments.",
        "top_departments": "Departments with most passages",
        "quotes": "Quotes",
        "suggested": "suggestion, score {score:.2f}",
        "no_quotes": "No quotes.",
        "edges": "Surprises between departments",
        "source": "Caused by",
        "target": "Surprised department",
        "weight": "Count",
        "no_edges": "No surprises recorded.",
        "unknown": "unknown department",
    },
}

IMAGES: tuple[str, ...] = ("heatmap", "culture_map", "themes_over_time")
"""Report images the Word document shows, in this order."""

IMAGE_WIDTH = Cm(16)
"""Width of a chart on an A4 page with default margins."""

_HEX = re.compile(r"#?([0-9a-fA-F]{6})")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(value: str) -> str:
    """User text without the control characters XML cannot hold (python-docx would raise)."""
    return _CONTROL.sub("", value)


def _rgb(color: str) -> RGBColor | None:
    match = _HEX.fullmatch(color.strip())
    return RGBColor.from_string(match.group(1).upper()) if match else None


def write_docx(data: ReportData, fp: BinaryIO, *, images: Mapping[str, bytes] | None = None) -> None:
    """Write the Word report. Pass `images` (from `charts.report_images`) to reuse rendered charts."""
    h = _HEADINGS[data.lang]
    pngs = images if images is not None else report_images(data, IMAGES)
    doc = Document()
    doc.core_properties.title = _text(data.project)
    _title_page(doc, data, h)

    doc.add_heading(h["summary"], level=1)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Light List Accent 1"
    for key in HEADLINE_KEYS:
        row = table.add_row().cells
        row[0].text = h[key]
        row[1].text = str(data.headline[key])
    captions = {"heatmap": h["heatmap"], "culture_map": h["culture_map"], "themes_over_time": h["over_time"]}
    number = 0
    for name in IMAGES:
        if name not in pngs:
            continue
        number += 1
        doc.add_heading(captions[name], level=2)
        doc.add_picture(io.BytesIO(pngs[name]), width=IMAGE_WIDTH)
        doc.add_paragraph(f"{h['figure']} {number}. {captions[name]}", style="Caption")

    doc.add_page_break()
    doc.add_heading(h["findings"], level=1)
    for theme in data.themes:
        _theme_section(doc, data, theme.key, h)

    doc.add_heading(h["edges"], level=1)
    if data.edges:
        table = doc.add_table(rows=1, cols=3)
        table.style = "Light Grid Accent 1"
        for cell, label in zip(table.rows[0].cells, (h["source"], h["target"], h["weight"]), strict=True):
            cell.text = label
        for e in sorted(data.edges, key=lambda e: (-e.weight, e.source, e.target)):
            row = table.add_row().cells
            row[0].text, row[1].text, row[2].text = _text(e.source), _text(e.target), str(e.weight)
    else:
        doc.add_paragraph(h["no_edges"])
    doc.save(fp)


def _title_page(doc: Any, data: ReportData, h: Mapping[str, str]) -> None:
    doc.add_paragraph(_text(data.project), style="Title")
    if data.subtitle:
        doc.add_paragraph(_text(data.subtitle), style="Subtitle")
    doc.add_paragraph(h["generated"].format(when=f"{data.generated_at:%Y-%m-%d %H:%M}"))
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _theme_section(doc: Any, data: ReportData, key: str, h: Mapping[str, str]) -> None:
    theme = data.theme(key)
    heading = doc.add_heading(_text(theme.label), level=2)
    color = _rgb(theme.color)
    if color is not None:
        for run in heading.runs:
            run.font.color.rgb = color
    if theme.definition:
        doc.add_paragraph().add_run(_text(theme.definition)).italic = True
    cells = data.cells(key)
    doc.add_paragraph(h["theme_count"].format(count=data.theme_count(key), depts=len(cells)))
    if cells:
        doc.add_paragraph(h["top_departments"] + ":")
        for c in cells[:5]:
            doc.add_paragraph(f"{_text(c.department)}: {c.count} ({c.share:.0%})", style="List Bullet")
    doc.add_heading(h["quotes"], level=3)
    quotes = data.quotes.get(key, ())
    if not quotes:
        doc.add_paragraph(h["no_quotes"])
    for q in quotes:
        doc.add_paragraph(_text(q.text), style="Quote")
        meta = [_text(q.department) if q.department else h["unknown"]]
        if q.date:
            meta.append(q.date.isoformat())
        if not q.accepted and q.score is not None:
            meta.append(h["suggested"].format(score=q.score))
        attribution = doc.add_paragraph(style="Quote")
        run = attribution.add_run("— " + ", ".join(meta))
        run.font.size = Pt(9)
        run.italic = False
