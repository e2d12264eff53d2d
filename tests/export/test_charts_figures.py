"""Plotly figures from a ReportData: the numbers they show, escaping of user text, a stable layout."""

from __future__ import annotations

import dataclasses

from fieldnotes.domain.report import NetworkEdge, ReportData, ReportPassage, ReportTheme, build_report
from fieldnotes.export import charts


def test_charts_figures_heatmap_counts(report: ReportData) -> None:
    fig = charts.heatmap_figure(report)
    trace = fig.data[0]
    assert list(trace.y) == [t.label for t in report.themes]
    cells = {(c.theme, c.department): c for c in report.heatmap}
    for i, theme in enumerate(report.themes):
        for j, dept in enumerate(trace.x):
            cell = cells[(theme.key, dept)]
            assert trace.z[i][j] == cell.count
            assert trace.customdata[i][j] == cell.share
            if cell.count:
                assert trace.text[i][j] == f"{cell.count}<br>{cell.share:.0%}"


def test_charts_figures_share_is_per_department() -> None:
    passages = [ReportPassage(str(i), "ICT", None, None, "observation", "t", ("silos",) if i < 1 else ())
                for i in range(4)]
    data = build_report("P", (ReportTheme("silos", "Silo's"),), passages)
    (cell,) = data.heatmap
    assert (cell.count, cell.share) == (1, 0.25)


def test_charts_figures_escape_user_text() -> None:
    themes = (ReportTheme("x", "<b>Thema</b>"),)
    passages = [ReportPassage("1", "<img src=x onerror=alert(1)>", None, None, "observation", "t", ("x",))]
    data = build_report("P", themes, passages, edges=[NetworkEdge("<img src=x onerror=alert(1)>", "ICT", 1)])
    heat = charts.heatmap_figure(data)
    assert heat.data[0].x[0] == "&lt;img src=x onerror=alert(1)&gt;"
    assert heat.data[0].y[0] == "&lt;b&gt;Thema&lt;/b&gt;"
    names = charts.culture_map_figure(data).data[-1].text
    assert "&lt;img src=x onerror=alert(1)&gt;" in names and not any("<img" in n for n in names)


def test_charts_figures_culture_map_arrows(report: ReportData) -> None:
    fig = charts.culture_map_figure(report)
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == len(report.edges)
    nodes = fig.data[-1]
    assert set(nodes.text) == {n.name for n in report.nodes}
    sizes = dict(zip(nodes.text, nodes.marker.size, strict=True))
    busiest = max(report.nodes, key=lambda n: n.passages)
    assert sizes[busiest.name] == max(sizes.values())
    pos = charts.culture_map_layout(report)
    assert pos == charts.culture_map_layout(report)  # fixed seed: the same picture every export

    def arrow(source: str, target: str):
        return next(a for a in arrows if abs(a.x - pos[target][0]) < 0.05 and abs(a.y - pos[target][1]) < 0.05
                    and abs(a.ax - pos[source][0]) < 0.05 and abs(a.ay - pos[source][1]) < 0.05)

    heaviest = max(report.edges, key=lambda e: e.weight)
    lightest = min(report.edges, key=lambda e: e.weight)
    assert arrow(heaviest.source, heaviest.target).arrowwidth > arrow(lightest.source, lightest.target).arrowwidth


def test_charts_figures_nodes_count_surprises(report: ReportData) -> None:
    nodes = {n.name: n for n in report.nodes}
    assert (nodes["Klantcontact"].receives, nodes["Klantcontact"].causes) == (7, 1)
    assert (nodes["ICT"].causes, nodes["ICT"].receives) == (5, 0)
    assert report.headline["surprises"] == 12


def test_charts_figures_themes_over_time(report: ReportData) -> None:
    fig = charts.themes_over_time_figure(report)
    assert [t.name for t in fig.data] == [t.label for t in report.themes]
    total = sum(sum(t.y) for t in fig.data)
    assert total == sum(len(set(p.accepted)) for p in report.passages if p.date)
    assert list(fig.data[0].x) == sorted(fig.data[0].x)


def test_charts_figures_top_departments(report: ReportData) -> None:
    fig = charts.top_departments_figure(report, "silos", n=3)
    cells = report.cells("silos")[:3]
    assert list(fig.data[0].x) == [c.count for c in cells]
    assert list(fig.data[0].y) == [c.department for c in cells]


def test_charts_figures_empty_report(report: ReportData) -> None:
    empty = dataclasses.replace(report, passages=(), heatmap=(), nodes=(), edges=(), quotes={})
    for fig in (charts.heatmap_figure(empty), charts.culture_map_figure(empty),
                charts.themes_over_time_figure(empty)):
        assert not fig.data and fig.layout.annotations[0].text == "Geen gegevens"
