"""A 16:9 PowerPoint deck that follows the app's presentation mode.

Slides: title, headline numbers, heat map, culture map, then one slide per theme with its definition and
up to three quotes. Charts are pictures; every text is in a placeholder or text box, so the consultant can
edit wording in PowerPoint. Theme definitions go in the speaker notes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any, BinaryIO

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from fieldnotes.domain.report import HEADLINE_KEYS, Quote, ReportData
from fieldnotes.export.charts import IMAGE_SIZES, report_images

_HEADINGS: dict[str, dict[str, str]] = {
    "nl": {
        "generated": "Gegenereerd op {when}",
        "headline": "In cijfers",
        "notes": "notities",
        "passages": "passages",
        "departments": "afdelingen",
        "coded_passages": "gecodeerde passages",
        "surprises": "verrassingen",
        "heatmap": "Thema's per afdeling",
        "culture_map": "Cultuurkaart: wie verrast wie",
        "theme_count": "{count} passages in {depts} afdelingen",
        "suggested": "voorstel, score {score:.2f}",
        "no_quotes": "Nog geen citaten voor dit thema.",
        "unknown": "onbekende afdeling",
    },
    "en": {
        "generated": "Generated on {when}",
        "headline": "In numbers",
        "notes": "notes",
        "passages": "passages",
        "departments": "departments",
        "coded_passages": "coded passages",
        "surprises": "surprises",
        "heatmap": "Themes per department",
        "culture_map": "Culture map: who surprises whom",
        "theme_count": "{count} passages in {depts} departments",
        "suggested": "suggestion, score {score:.2f}",
        "no_quotes": "No quotes for this theme yet.",
        "unknown": "unknown department",
    },
}

IMAGES: tuple[str, ...] = ("heatmap", "culture_map")
"""Report images the deck shows, one slide each."""

SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
MARGIN = Inches(0.6)
QUOTE_MAX_CHARS = 420
"""Longer quotes are shortened with an ellipsis so three fit on a slide at a readable size."""

_TITLE_LAYOUT, _TITLE_ONLY_LAYOUT = 0, 5  # layouts of python-pptx's default template
_HEX = re.compile(r"#?([0-9a-fA-F]{6})")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(value: str) -> str:
    """User text without the control characters XML cannot hold."""
    return _CONTROL.sub("", value)


def _shorten(text: str, limit: int = QUOTE_MAX_CHARS) -> str:
    text = " ".join(_text(text).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def write_pptx(data: ReportData, fp: BinaryIO, *, images: Mapping[str, bytes] | None = None) -> None:
    """Write the deck. Pass `images` (from `charts.report_images`) to reuse rendered charts."""
    h = _HEADINGS[data.lang]
    pngs = images if images is not None else report_images(data, IMAGES)
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    prs.core_properties.title = _text(data.project)

    slide = prs.slides.add_slide(prs.slide_layouts[_TITLE_LAYOUT])
    title, subtitle = slide.placeholders[0], slide.placeholders[1]
    _place(title, MARGIN, Inches(2.0), SLIDE_WIDTH - 2 * MARGIN, Inches(1.6))
    _place(subtitle, MARGIN, Inches(3.8), SLIDE_WIDTH - 2 * MARGIN, Inches(1.4))
    title.text = _text(data.project)
    subtitle.text = "\n".join(
        part for part in (_text(data.subtitle), h["generated"].format(when=f"{data.generated_at:%Y-%m-%d}")) if part
    )

    slide = _titled_slide(prs, h["headline"])
    _headline_cards(slide, data, h)

    names = {"heatmap": h["heatmap"], "culture_map": h["culture_map"]}
    for name in IMAGES:
        if name in pngs:
            slide = _titled_slide(prs, names[name])
            _picture(slide, pngs[name], *IMAGE_SIZES[name])

    for theme in data.themes:
        slide = _titled_slide(prs, _text(theme.label), color=theme.color)
        count = h["theme_count"].format(count=data.theme_count(theme.key), depts=len(data.cells(theme.key)))
        box = slide.shapes.add_textbox(MARGIN, Inches(1.45), SLIDE_WIDTH - 2 * MARGIN, Inches(0.5))
        _run(box.text_frame.paragraphs[0], count, Pt(16))
        _quotes(slide, data.quotes.get(theme.key, ()), h)
        if theme.definition:
            slide.notes_slide.notes_text_frame.text = _text(theme.definition)
    prs.save(fp)


def _run(paragraph: Any, text: str, size: Pt) -> Any:
    """Add a run of `text` at `size` to a paragraph (also for empty text, unlike `paragraph.text`)."""
    run = paragraph.add_run()
    run.text = text
    run.font.size = size
    return run


def _place(shape: Any, left: int, top: int, width: int, height: int) -> None:
    shape.left, shape.top, shape.width, shape.height = Emu(left), Emu(top), Emu(width), Emu(height)


def _titled_slide(prs: Any, title: str, color: str | None = None) -> Any:
    """A 'Title Only' slide with the title placeholder stretched over the 16:9 width."""
    slide = prs.slides.add_slide(prs.slide_layouts[_TITLE_ONLY_LAYOUT])
    placeholder = slide.shapes.title
    _place(placeholder, MARGIN, Inches(0.3), SLIDE_WIDTH - 2 * MARGIN, Inches(1.1))
    run = _run(placeholder.text_frame.paragraphs[0], title, Pt(34))
    match = _HEX.fullmatch(color.strip()) if color else None
    if match:
        run.font.color.rgb = RGBColor.from_string(match.group(1).upper())
    return slide


def _headline_cards(slide: Any, data: ReportData, h: Mapping[str, str]) -> None:
    """One text box per headline number: the number big, its label below."""
    gap = Inches(0.25)
    width = (SLIDE_WIDTH - 2 * MARGIN - gap * (len(HEADLINE_KEYS) - 1)) // len(HEADLINE_KEYS)
    for i, key in enumerate(HEADLINE_KEYS):
        box = slide.shapes.add_textbox(MARGIN + i * (width + gap), Inches(2.6), width, Inches(2.2))
        frame = box.text_frame
        frame.word_wrap = True
        _run(frame.paragraphs[0], str(data.headline[key]), Pt(54)).font.bold = True
        _run(frame.add_paragraph(), h[key], Pt(18))


def _picture(slide: Any, png: bytes, px_width: int, px_height: int) -> None:
    """The chart, as large as fits below the title, centred."""
    top = Inches(1.4)
    max_w, max_h = SLIDE_WIDTH - 2 * MARGIN, SLIDE_HEIGHT - top - Inches(0.3)
    scale = min(max_w / px_width, max_h / px_height)
    width, height = int(px_width * scale), int(px_height * scale)
    slide.shapes.add_picture(io.BytesIO(png), (SLIDE_WIDTH - width) // 2, top, width, height)


def _quotes(slide: Any, quotes: tuple[Quote, ...], h: Mapping[str, str]) -> None:
    top = Inches(2.05)
    if not quotes:
        box = slide.shapes.add_textbox(MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, Inches(1))
        box.text_frame.text = h["no_quotes"]
        return
    height = (SLIDE_HEIGHT - top - Inches(0.3)) // len(quotes)
    longest = max(len(_shorten(q.text)) for q in quotes)
    size = Pt(20) if longest < 160 and len(quotes) < 3 else Pt(16) if longest < 260 else Pt(13)
    for i, q in enumerate(quotes):
        box = slide.shapes.add_textbox(MARGIN, top + i * height, SLIDE_WIDTH - 2 * MARGIN, height - Inches(0.1))
        frame = box.text_frame
        frame.word_wrap = True
        _run(frame.paragraphs[0], f"“{_shorten(q.text)}”", size).font.italic = True
        meta = [_text(q.department) if q.department else h["unknown"]]
        if q.date:
            meta.append(q.date.isoformat())
        if not q.accepted and q.score is not None:
            meta.append(h["suggested"].format(score=q.score))
        _run(frame.add_paragraph(), "— " + ", ".join(meta), Pt(12)).font.color.rgb = RGBColor(0x59, 0x59, 0x59)
