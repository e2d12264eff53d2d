"""Plotly figures built from a `ReportData`, and offline PNG rendering for the document writers.

PNGs come from kaleido (headless Chromium, no network: MathJax is switched off and plotly.js is the copy
bundled with plotly). Starting Chromium costs ~2.5 s, rendering a figure in a running session ~0.25 s, so
`render_pngs` / `report_images` render every figure of an export in one session. When kaleido or Chromium
is unavailable or fails, a small matplotlib renderer draws the same traces (heatmap, bar, scatter, arrow
annotations) so exports never fail for want of a browser.

User text (department names, theme labels) is HTML-escaped before it goes into a figure: Plotly renders
its own HTML subset in labels and hovers, and these figures may also be shown in the browser.
"""

from __future__ import annotations

import asyncio
import html
import io
import logging
import math
import os
import re
import shutil
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any, Literal

import networkx as nx
import plotly.graph_objects as go

from fieldnotes.domain.report import ReportData

log = logging.getLogger(__name__)

Engine = Literal["auto", "kaleido", "matplotlib"]

IMAGE_SIZES: dict[str, tuple[int, int]] = {
    "heatmap": (1600, 900),
    "culture_map": (1600, 900),
    "themes_over_time": (1600, 800),
}
"""Pixel size of each named report image (16:9-ish, sharp on a slide and on an A4 page)."""

DEFAULT_ENGINE: Engine = "auto"
"""Engine used when a caller passes none; set to 'matplotlib' where no browser may be started."""

KALEIDO_TIMEOUT_S = 30.0
"""Longest kaleido may take for one figure before the matplotlib renderer takes over."""

KALEIDO_RETRY_AFTER_S = 300.0
"""After kaleido failed, 'auto' uses matplotlib for this long instead of waiting for Chromium again."""

_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_SYSTEM_CHROMIUM = "/usr/bin/chromium"

_LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "heatmap": "Thema's per afdeling (aantal passages, aandeel van de afdeling)",
        "department": "Afdeling",
        "theme": "Thema",
        "passages": "Passages",
        "share": "Aandeel",
        "month": "Maand",
        "over_time": "Passages per thema per maand",
        "top": "Afdelingen met de meeste passages: {theme}",
        "map": "Cultuurkaart: wie verrast wie (pijl = verrast, dikte = aantal)",
        "causes": "Veroorzaakt",
        "receives": "Ondergaat",
        "empty": "Geen gegevens",
    },
    "en": {
        "heatmap": "Themes per department (passages, share of the department)",
        "department": "Department",
        "theme": "Theme",
        "passages": "Passages",
        "share": "Share",
        "month": "Month",
        "over_time": "Passages per theme per month",
        "top": "Departments with most passages: {theme}",
        "map": "Culture map: who surprises whom (arrow = surprises, width = count)",
        "causes": "Causes",
        "receives": "Receives",
        "empty": "No data",
    },
}

_kaleido_failed_at: float | None = None


def _esc(text: str) -> str:
    """Escape user text for Plotly's HTML-subset labels."""
    return html.escape(text, quote=False)


def _base_layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(
        title={"text": _esc(title), "x": 0.01},
        template="plotly_white",
        font={"family": "Arial, Helvetica, sans-serif", "size": 16},
        margin={"l": 40, "r": 40, "t": 80, "b": 40},
    )
    return fig


def _empty(title: str, lang: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=_LABELS[lang]["empty"], x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _base_layout(fig, title)


def heatmap_figure(data: ReportData) -> go.Figure:
    """Theme x department heat map of accepted passages; cell text and hover show count and share."""
    lab = _LABELS[data.lang]
    depts = [d for d in data.departments() if any(c.department == d for c in data.heatmap)]
    if not depts or not data.themes:
        return _empty(lab["heatmap"], data.lang)
    cell = {(c.theme, c.department): c for c in data.heatmap}
    z, text, share = [], [], []
    for theme in data.themes:
        row = [cell.get((theme.key, d)) for d in depts]
        z.append([c.count if c else 0 for c in row])
        share.append([c.share if c else 0.0 for c in row])
        text.append([f"{c.count}<br>{c.share:.0%}" if c and c.count else "" for c in row])
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[_esc(d) for d in depts],
            y=[_esc(t.label) for t in data.themes],
            text=text,
            texttemplate="%{text}",
            customdata=share,
            colorscale="Blues",
            hovertemplate=f"%{{y}} · %{{x}}<br>{lab['passages']}: %{{z}}<br>{lab['share']}: "
            "%{customdata:.0%}<extra></extra>",
            colorbar={"title": {"text": lab["passages"]}},
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=-30)
    return _base_layout(fig, lab["heatmap"])


def monthly_counts(data: ReportData) -> dict[str, Counter[str]]:
    """Accepted passages per theme key per month ('YYYY-MM'); undated passages are left out."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for p in data.passages:
        if p.date is None:
            continue
        month = f"{p.date.year:04d}-{p.date.month:02d}"
        for key in set(p.accepted):
            counts[key][month] += 1
    return counts


def themes_over_time_figure(data: ReportData) -> go.Figure:
    """One line per theme: accepted passages per month."""
    lab = _LABELS[data.lang]
    counts = monthly_counts(data)
    months = sorted({m for c in counts.values() for m in c})
    if not months:
        return _empty(lab["over_time"], data.lang)
    fig = go.Figure()
    for theme in data.themes:
        fig.add_trace(
            go.Scatter(
                x=months,
                y=[counts[theme.key][m] for m in months],
                mode="lines+markers",
                name=_esc(theme.label),
                line={"color": theme.color, "width": 3},
                marker={"color": theme.color, "size": 8},
            )
        )
    fig.update_xaxes(title_text=lab["month"], type="category")
    fig.update_yaxes(title_text=lab["passages"], rangemode="tozero")
    return _base_layout(fig, lab["over_time"])


def top_departments_figure(data: ReportData, theme_key: str, n: int = 5) -> go.Figure:
    """Horizontal bars: the `n` departments with most accepted passages of one theme, share as bar text."""
    lab = _LABELS[data.lang]
    theme = data.theme(theme_key)
    title = lab["top"].format(theme=theme.label)
    cells = data.cells(theme_key)[:n]
    if not cells:
        return _empty(title, data.lang)
    fig = go.Figure(
        go.Bar(
            x=[c.count for c in cells],
            y=[_esc(c.department) for c in cells],
            orientation="h",
            marker={"color": theme.color},
            text=[f"{c.count} ({c.share:.0%})" for c in cells],
            textposition="outside",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=lab["passages"])
    return _base_layout(fig, title)


def culture_map_layout(data: ReportData, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions: a networkx spring layout with a fixed seed, started from a circle.

    A hidden hub with weak springs to every department keeps unconnected departments from drifting to the
    corners; positions are then stretched to fill -1..1 on both axes (the picture is wide).
    """
    graph = nx.Graph()
    names = [n.name for n in data.nodes]
    graph.add_nodes_from(names)
    for e in data.edges:
        if e.source != e.target:
            graph.add_edge(e.source, e.target, weight=1.0)
    if len(names) <= 3:
        pos = nx.circular_layout(graph)
    else:
        hub = object()
        graph.add_edges_from(((hub, name) for name in names), weight=0.15)
        start = nx.circular_layout(graph)
        start[hub] = (0.0, 0.0)
        pos = nx.spring_layout(graph, pos=start, seed=seed, k=2 / math.sqrt(len(names)), iterations=200)
        pos.pop(hub)
    return _fill_square({name: (float(x), float(y)) for name, (x, y) in pos.items()})


def _fill_square(coords: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Stretch positions linearly so they span -1..1 on both axes."""
    xs = [x for x, _ in coords.values()]
    ys = [y for _, y in coords.values()]

    def stretch(v: float, low: float, high: float) -> float:
        return 0.0 if high - low < 1e-9 else 2 * (v - low) / (high - low) - 1

    return {n: (stretch(x, min(xs), max(xs)), stretch(y, min(ys), max(ys))) for n, (x, y) in coords.items()}


def culture_map_figure(data: ReportData) -> go.Figure:
    """Departments as circles sized by passages, arrows from the surprising to the surprised department.

    Red nodes cause more surprises than they receive, blue nodes receive more; arrow width grows with the
    number of surprises and the number is written halfway along the arrow.
    """
    lab = _LABELS[data.lang]
    pos = culture_map_layout(data)
    if not pos:
        return _empty(lab["map"], data.lang)
    most = max((n.passages for n in data.nodes), default=0) or 1
    size = {n.name: 22 + 48 * math.sqrt(n.passages / most) for n in data.nodes}
    heaviest = max((e.weight for e in data.edges), default=1) or 1
    fig = go.Figure()
    labels: list[tuple[float, float, str]] = []
    for e in data.edges:
        if e.source == e.target or e.source not in pos or e.target not in pos:
            continue
        (x0, y0), (x1, y1) = pos[e.source], pos[e.target]
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        off_x, off_y = -(y1 - y0) / length * 0.03, (x1 - x0) / length * 0.03  # keeps A->B and B->A apart
        fig.add_annotation(
            x=x1 + off_x, y=y1 + off_y, ax=x0 + off_x, ay=y0 + off_y,
            xref="x", yref="y", axref="x", ayref="y",
            showarrow=True, arrowhead=2, arrowsize=1.2, arrowcolor="#555555",
            arrowwidth=1.5 + 4.5 * e.weight / heaviest,
            standoff=size[e.target] / 2 + 2, startstandoff=size[e.source] / 2,
            text="",
        )
        labels.append(((x0 + x1) / 2 + off_x * 1.8, (y0 + y1) / 2 + off_y * 1.8, str(e.weight)))
    if labels:
        fig.add_trace(
            go.Scatter(
                x=[x for x, _, _ in labels], y=[y for _, y, _ in labels], text=[t for _, _, t in labels],
                mode="text", textfont={"size": 14, "color": "#333333"}, hoverinfo="skip", showlegend=False,
            )
        )
    nodes = [n for n in data.nodes if n.name in pos]
    colors = ["#d62728" if n.causes > n.receives else "#1f77b4" if n.receives > n.causes else "#7f7f7f" for n in nodes]
    fig.add_trace(
        go.Scatter(
            x=[pos[n.name][0] for n in nodes],
            y=[pos[n.name][1] for n in nodes],
            mode="markers+text",
            text=[_esc(n.name) for n in nodes],
            textposition="bottom center",
            marker={"size": [size[n.name] for n in nodes], "color": colors, "opacity": 0.9,
                    "line": {"width": 1, "color": "#ffffff"}},
            customdata=[[n.passages, n.causes, n.receives] for n in nodes],
            hovertemplate=f"%{{text}}<br>{lab['passages']}: %{{customdata[0]}}<br>{lab['causes']}: "
            f"%{{customdata[1]}}<br>{lab['receives']}: %{{customdata[2]}}<extra></extra>",
            showlegend=False,
        )
    )
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    fig.update_xaxes(visible=False, range=[min(xs) - 0.35, max(xs) + 0.35])
    fig.update_yaxes(visible=False, range=[min(ys) - 0.35, max(ys) + 0.3])
    return _base_layout(fig, lab["map"])


def report_figures(data: ReportData, names: Sequence[str] = tuple(IMAGE_SIZES)) -> dict[str, go.Figure]:
    """The named report figures ('heatmap', 'culture_map', 'themes_over_time')."""
    builders = {"heatmap": heatmap_figure, "culture_map": culture_map_figure,
                "themes_over_time": themes_over_time_figure}
    return {name: builders[name](data) for name in names}


def report_images(
    data: ReportData, names: Sequence[str] = tuple(IMAGE_SIZES), *, engine: Engine | None = None
) -> dict[str, bytes]:
    """PNG bytes of the named report figures, rendered in one kaleido session (or by matplotlib)."""
    figures = report_figures(data, names)
    pngs = render_pngs([(figures[n], *IMAGE_SIZES[n]) for n in names], engine=engine)
    return dict(zip(names, pngs, strict=True))


def figure_png(fig: go.Figure, width: int = 1600, height: int = 900, *, engine: Engine | None = None) -> bytes:
    """One figure as PNG bytes; see `render_pngs` (for several figures, call that: one browser start)."""
    return render_pngs([(fig, width, height)], engine=engine)[0]


def render_pngs(items: Sequence[tuple[go.Figure, int, int]], *, engine: Engine | None = None) -> list[bytes]:
    """Render (figure, width, height) items to PNG bytes.

    `engine` None means `DEFAULT_ENGINE`. 'auto' tries kaleido in one Chromium session and falls back to
    matplotlib (logging why) when kaleido fails or failed less than `KALEIDO_RETRY_AFTER_S` ago;
    'kaleido' raises instead of falling back; 'matplotlib' never starts a browser.
    """
    global _kaleido_failed_at
    engine = engine or DEFAULT_ENGINE
    if not items:
        return []
    failed_at = _kaleido_failed_at
    recently_failed = failed_at is not None and time.monotonic() - failed_at < KALEIDO_RETRY_AFTER_S
    if engine == "kaleido" or (engine == "auto" and not recently_failed):
        started = time.perf_counter()
        try:
            pngs = _kaleido_pngs(items)
        except Exception as exc:  # kaleido/choreographer raise many kinds; any of them means "no browser image"
            if engine == "kaleido":
                raise
            _kaleido_failed_at = time.monotonic()
            log.warning("kaleido could not render images (%s: %s); using matplotlib", type(exc).__name__, exc)
        else:
            _kaleido_failed_at = None
            log.info("kaleido rendered %d image(s) in %.2f s", len(items), time.perf_counter() - started)
            return pngs
    return [matplotlib_png(fig, w, h) for fig, w, h in items]


def browser_path() -> str | None:
    """The Chromium kaleido should use: `BROWSER_PATH`, a Chrome/Chromium on PATH, or /usr/bin/chromium."""
    if os.environ.get("BROWSER_PATH"):
        return os.environ["BROWSER_PATH"]
    for name in _BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return _SYSTEM_CHROMIUM if os.access(_SYSTEM_CHROMIUM, os.X_OK) else None


def _kaleido_pngs(items: Sequence[tuple[go.Figure, int, int]]) -> list[bytes]:
    """Render in one kaleido session, on a thread of its own so a caller's running event loop is no issue."""
    import kaleido  # imported here: importing it is slow-ish and the matplotlib path does not need it

    path = browser_path()
    kwargs: dict[str, Any] = {"path": path} if path else {}

    async def run() -> list[bytes]:
        async with kaleido.Kaleido(n=1, timeout=KALEIDO_TIMEOUT_S, mathjax=False, **kwargs) as k:
            return [
                await k.calc_fig(fig, opts={"format": "png", "width": w, "height": h}) for fig, w, h in items
            ]

    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["pngs"] = asyncio.run(run())
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread below
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="fieldnotes-kaleido", daemon=True)
    thread.start()
    thread.join(15 + KALEIDO_TIMEOUT_S * len(items))
    if thread.is_alive():
        raise TimeoutError("kaleido did not finish in time")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["pngs"]


# --- matplotlib fallback -------------------------------------------------------------------------------

_TAG = re.compile(r"<br\s*/?>|<[^>]+>", re.IGNORECASE)


def _plain(text: Any) -> str:
    """Plotly label text as plain text: <br> becomes a newline, other tags go, entities are decoded."""
    if text is None:
        return ""
    return html.unescape(_TAG.sub(lambda m: "\n" if m.group(0).lower().startswith("<br") else "", str(text)))


def _as_list(value: Any, n: int, default: Any) -> list[Any]:
    if value is None:
        return [default] * n
    if isinstance(value, (str, int, float)):
        return [value] * n
    return list(value)


def matplotlib_png(fig: go.Figure, width: int = 1600, height: int = 900) -> bytes:
    """Draw the trace types these charts use (heatmap, bar, scatter, arrow annotations) with matplotlib.

    Not a general Plotly converter: it covers `fieldnotes.export.charts` figures, so reports look alike
    whichever engine drew them.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    dpi = 100
    mfig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    FigureCanvasAgg(mfig)
    ax = mfig.add_subplot()
    layout = fig.layout
    for trace in fig.data:
        if trace.type == "heatmap":
            _mpl_heatmap(mfig, ax, trace)
        elif trace.type == "bar":
            _mpl_bar(ax, trace)
        elif trace.type == "scatter":
            _mpl_scatter(ax, trace)
    for ann in layout.annotations or ():
        if ann.showarrow and ann.axref == "x":
            ax.annotate(
                "", xy=(ann.x, ann.y), xytext=(ann.ax, ann.ay),
                arrowprops={"arrowstyle": "-|>", "color": ann.arrowcolor or "#555555",
                            "lw": (ann.arrowwidth or 1.5) * 0.75, "mutation_scale": 18 + 3 * (ann.arrowwidth or 1.5),
                            "shrinkA": (ann.startstandoff or 0) * 0.75, "shrinkB": (ann.standoff or 0) * 0.75},
                zorder=1,
            )
        elif ann.text:
            transform = ax.transAxes if ann.xref == "paper" else ax.transData
            ax.text(ann.x, ann.y, _plain(ann.text), transform=transform, ha="center", va="center", fontsize=14)
    if layout.xaxis.visible is False:
        ax.get_xaxis().set_visible(False)
        for side in ax.spines.values():
            side.set_visible(False)
    if layout.yaxis.visible is False:
        ax.get_yaxis().set_visible(False)
    if layout.xaxis.range:
        ax.set_xlim(*layout.xaxis.range)
    if layout.yaxis.range:
        ax.set_ylim(*layout.yaxis.range)
    if layout.xaxis.title.text:
        ax.set_xlabel(_plain(layout.xaxis.title.text))
    if layout.yaxis.title.text:
        ax.set_ylabel(_plain(layout.yaxis.title.text))
    if layout.yaxis.autorange == "reversed" and not any(t.type == "heatmap" for t in fig.data):
        ax.invert_yaxis()
    if layout.xaxis.tickangle:
        for tick in ax.get_xticklabels():
            tick.set_rotation(-layout.xaxis.tickangle)
            tick.set_horizontalalignment("right")
    if any(t.type == "scatter" and t.name for t in fig.data):
        ax.legend(loc="upper left", frameon=False)
    ax.set_title(_plain(layout.title.text), loc="left", fontsize=16)
    mfig.tight_layout()
    buf = io.BytesIO()
    mfig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def _mpl_heatmap(mfig: Any, ax: Any, trace: Any) -> None:
    z = [list(row) for row in trace.z]
    image = ax.imshow(z, cmap="Blues", aspect="auto")
    mfig.colorbar(image, ax=ax)
    ax.set_xticks(range(len(trace.x)), [_plain(x) for x in trace.x])
    ax.set_yticks(range(len(trace.y)), [_plain(y) for y in trace.y])
    top = max((v for row in z for v in row), default=0) or 1
    for i, row in enumerate(trace.text or ()):
        for j, cell in enumerate(row):
            if cell:
                ax.text(j, i, _plain(cell), ha="center", va="center", fontsize=11,
                        color="white" if z[i][j] > top * 0.6 else "black")


def _mpl_bar(ax: Any, trace: Any) -> None:
    color = trace.marker.color or "#1f77b4"
    if trace.orientation == "h":
        labels = [_plain(y) for y in trace.y]
        bars = ax.barh(labels, list(trace.x), color=color)
    else:
        labels = [_plain(x) for x in trace.x]
        bars = ax.bar(labels, list(trace.y), color=color)
    if trace.text is not None:
        ax.bar_label(bars, labels=[_plain(t) for t in trace.text], padding=3)


def _mpl_scatter(ax: Any, trace: Any) -> None:
    mode = trace.mode or "markers"
    xs, ys = list(trace.x), list(trace.y)
    n = len(xs)
    if "lines" in mode:
        color = trace.line.color
        ax.plot(xs, ys, color=color, linewidth=(trace.line.width or 2) * 0.75,
                marker="o" if "markers" in mode else None, label=_plain(trace.name) or None)
    elif "markers" in mode:
        sizes = [(s * 0.75) ** 2 for s in _as_list(trace.marker.size, n, 10)]
        colors = _as_list(trace.marker.color, n, "#1f77b4")
        ax.scatter(xs, ys, s=sizes, c=colors, alpha=trace.marker.opacity or 1.0, zorder=2,
                   edgecolors="white")
    if "text" in mode and trace.text is not None:
        below = (trace.textposition or "") == "bottom center"
        sizes = _as_list(trace.marker.size, n, 0) if below else [0] * n
        for x, y, text, s in zip(xs, ys, trace.text, sizes, strict=False):
            ax.annotate(_plain(text), (x, y), xytext=(0, -(s * 0.75) / 2 - 4 if below else 0),
                        textcoords="offset points", ha="center", va="top" if below else "center", fontsize=12,
                        zorder=3)

