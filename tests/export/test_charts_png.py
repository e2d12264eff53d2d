"""PNG rendering: kaleido when Chromium is there, the matplotlib fallback otherwise (and when forced)."""

from __future__ import annotations

import time

import plotly.graph_objects as go
import pytest

from fieldnotes.domain.report import ReportData
from fieldnotes.export import charts

PNG = b"\x89PNG\r\n\x1a\n"


def _size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def test_charts_png_matplotlib_draws_every_figure(report: ReportData) -> None:
    figures = charts.report_figures(report)
    figures["top"] = charts.top_departments_figure(report, "silos")
    for name, fig in figures.items():
        png = charts.figure_png(fig, 800, 450, engine="matplotlib")
        assert png.startswith(PNG), name
        assert _size(png) == (800, 450), name


@pytest.mark.slow
def test_charts_png_auto_renders_in_one_session(report: ReportData) -> None:
    """Uses kaleido when a browser is installed, else the fallback; either way every image is a PNG."""
    started = time.perf_counter()
    images = charts.report_images(report)
    elapsed = time.perf_counter() - started
    print(f"report_images (3 images, auto engine, browser={charts.browser_path()}): {elapsed:.2f} s")
    assert set(images) == {"heatmap", "culture_map", "themes_over_time"}
    for name, png in images.items():
        assert png.startswith(PNG) and _size(png) == charts.IMAGE_SIZES[name]


def test_charts_png_falls_back_without_browser(monkeypatch: pytest.MonkeyPatch,
                                               caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    monkeypatch.setattr(charts, "_kaleido_failed_at", None)
    fig = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h"))
    with caplog.at_level("WARNING", logger="fieldnotes.export.charts"):
        png = charts.figure_png(fig, 400, 300, engine="auto")
    assert png.startswith(PNG) and _size(png) == (400, 300)
    assert "using matplotlib" in caplog.text
    assert charts._kaleido_failed_at is not None  # later images skip the browser for a while
    with pytest.raises(Exception):  # noqa: B017 - kaleido raises its own error types
        charts.figure_png(fig, 400, 300, engine="kaleido")


def test_charts_png_default_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "DEFAULT_ENGINE", "matplotlib")
    monkeypatch.setattr(charts, "_kaleido_pngs", lambda items: pytest.fail("kaleido must not start"))
    assert charts.figure_png(go.Figure(go.Scatter(x=[1, 2], y=[3, 4])), 300, 200).startswith(PNG)
