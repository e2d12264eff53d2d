"""AppTest of the summary and presentation pages."""

from collections.abc import Callable

from streamlit.testing.v1 import AppTest


def test_pages_summary_shows_headline_charts_and_downloads(page: Callable[..., AppTest]) -> None:
    at = page("summary")
    assert not at.exception
    assert at.title[0].value == "Themasamenvatting"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Notities"] == "2"
    assert len(at.tabs) >= 6
    labels = [b.label for b in at.get("download_button")]
    assert {"CSV", "XLSX", "DOCX", "PPTX", "QDPX"} <= set(labels)


def test_pages_summary_filters_by_consultant(page: Callable[..., AppTest]) -> None:
    at = page("summary")
    at.multiselect(key="summary.consultants").select("Bram").run()
    assert {m.label: m.value for m in at.metric}["Notities"] == "1"


def test_pages_present_steps_forward_and_back(page: Callable[..., AppTest]) -> None:
    at = page("present")
    assert not at.exception
    assert "Dia 1 van" in at.caption[0].value or any("Dia 1 van" in c.value for c in at.caption)
    at.button(key="present-next").click().run()
    assert any("Dia 2 van" in c.value for c in at.caption)
    at.button(key="present-next").click().run()
    at.button(key="present-back").click().run()
    assert any("Dia 2 van" in c.value for c in at.caption)


def test_pages_present_quotes_are_pseudonymised_for_review(page: Callable[..., AppTest]) -> None:
    at = page("present")
    shown = [ta.value for ta in at.text_area]
    assert all("Anouk" not in v and "Bram" not in v for v in shown)
