"""PowerPoint deck: 16:9, title, numbers, chart pictures, one editable slide per theme with its quotes."""

from __future__ import annotations

import dataclasses
import io

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from fieldnotes.domain.report import Quote, ReportData
from fieldnotes.export.slides import write_pptx

pytestmark = pytest.mark.usefixtures("matplotlib_charts")


def _deck(data: ReportData, images: dict[str, bytes] | None = None):
    buf = io.BytesIO()
    write_pptx(data, buf, images=images)
    buf.seek(0)
    return Presentation(buf)


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_slides_content_structure(report: ReportData) -> None:
    deck = _deck(report)
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    slides = list(deck.slides)
    assert len(slides) == 4 + len(report.themes)
    assert slides[0].shapes.title.text == report.project
    assert report.subtitle in _texts(slides[0])[1]
    numbers = " ".join(_texts(slides[1]))
    assert f"{report.headline['passages']}\npassages" in numbers
    for slide, title in zip(slides[2:4], ("Thema's per afdeling", "Cultuurkaart: wie verrast wie"), strict=True):
        assert slide.shapes.title.text == title
        assert [s.shape_type for s in slide.shapes].count(MSO_SHAPE_TYPE.PICTURE) == 1
    for slide in slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= deck.slide_width


def test_slides_content_theme_quotes(report: ReportData, pngs: dict[str, bytes]) -> None:
    deck = _deck(report, pngs)
    theme_slides = list(deck.slides)[4:]
    for theme, slide in zip(report.themes, theme_slides, strict=True):
        assert slide.shapes.title.text == theme.label
        text = "\n".join(_texts(slide))
        quotes = report.quotes[theme.key]
        assert 1 <= len(quotes) <= 3
        for q in quotes:
            assert f"“{q.text}”" in text
            assert f"— {q.department}" in text
        assert slide.notes_slide.notes_text_frame.text == theme.definition


def test_slides_content_long_and_missing_quotes(report_en: ReportData, pngs: dict[str, bytes]) -> None:
    long = Quote("silos", "woord " * 200, "ICT", "N1", True, None)
    data = dataclasses.replace(report_en, quotes={"silos": (long,)})
    slides = list(_deck(data, pngs).slides)
    silos = "\n".join(_texts(slides[4]))
    assert silos.count("woord") < 100 and "…" in silos
    assert "No quotes for this theme yet." in "\n".join(_texts(slides[5]))
