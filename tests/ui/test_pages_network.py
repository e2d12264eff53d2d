"""AppTest of the culture map page: graph, metrics, evidence beside the graph, unknown mentions, escaping."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from fieldnotes.services import runtime
from fieldnotes.storage.db import dispose_engines
from fieldnotes.storage.models import IgnoredMention, Passage
from tests.services.test_network_graph import build_project
from tests.ui.conftest import PAGE_APP, XSS


@pytest.fixture
def network_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The services tests' culture-map project, plus a passage quoting HTML, in a temporary database."""
    url = f"sqlite:///{tmp_path / 'net.db'}"
    monkeypatch.setenv("FIELDNOTES_DB_URL", url)
    with runtime.transaction(url) as session:
        build_project(session, "Gemeente Test")
        passage = session.scalars(select(Passage).where(Passage.text.like("Beleid stuurde%"))).one()
        passage.note.title = f"Brieven {XSS}"
    yield url
    dispose_engines()


def _open(**params: str) -> AppTest:
    at = AppTest.from_file(str(PAGE_APP), default_timeout=60)
    at.query_params["page"] = "network"
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _html(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_pages_network_renders_graph_metrics_and_downloads(network_db: str) -> None:
    at = _open()
    assert not at.exception
    assert at.title[0].value == "Cultuurkaart"
    frames = at.get("iframe")
    assert len(frames) == 1
    srcdoc = frames[0].proto.srcdoc
    assert "vis.Network" in srcdoc and "https://" not in srcdoc and "Beleid" in srcdoc
    table = at.dataframe[0].value
    row = table[table["Afdeling"] == "KCC"].iloc[0]
    assert row["Ontvangt"] == 5 and row["Veroorzaakt"] == 0 and row["Rol"] == "vooral ontvanger"
    assert {b.proto.label for b in at.get("download_button")} == {
        "JSON downloaden", "HTML downloaden", "GraphML downloaden", "GEXF downloaden", "CSV downloaden"}


def test_pages_network_in_english(network_db: str) -> None:
    at = _open(lang="en")
    assert not at.exception
    assert at.title[0].value == "Culture map"


def test_pages_network_lists_evidence_of_selected_edge(network_db: str) -> None:
    at = _open()
    edge = at.selectbox(key="net.edge")
    assert edge.options == [
        "Beleid → KCC (2)", "Burgerzaken → KCC (1)", "IT → KCC (1)", "Vergunningen → KCC (1)"]
    edge.set_value(("Beleid", "KCC")).run()
    assert not at.exception
    html = _html(at)
    assert "overspoeld met telefoontjes" in html and "Beleid wijzigde de regels" in html
    assert "Release" not in html
    # the note title holds HTML: it is shown escaped, never as markup
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img" not in html and "<script>" not in html


def test_pages_network_lists_evidence_of_selected_node(network_db: str) -> None:
    at = _open()
    at.selectbox(key="net.node").set_value("Belastingen").run()
    html = _html(at)
    assert "iedereen helpt elkaar" in html and "twee weken vooraf" in html
    assert "overspoeld met telefoontjes" not in html


def test_pages_network_ignores_an_unknown_mention(network_db: str) -> None:
    at = _open()
    assert "Vergunningen" in _html(at)
    at.button(key="net.ignore.Vergunningen").click().run()
    assert not at.exception
    with runtime.transaction(network_db) as session:
        assert session.scalars(select(IgnoredMention.text)).all() == ["Vergunningen"]
    assert not [b for b in at.button if b.key == "net.ignore.Vergunningen"]
    assert "Vergunningen" not in at.get("iframe")[0].proto.srcdoc


def test_pages_network_adds_an_unknown_mention_as_alias(network_db: str) -> None:
    at = _open()
    at.selectbox(key="net.alias_of.Burgerzaken").set_value("Publiekszaken").run()
    at.button(key="net.add_alias.Burgerzaken").click().run()
    assert not at.exception
    srcdoc = at.get("iframe")[0].proto.srcdoc
    assert "Burgerzaken" not in srcdoc and "Publiekszaken" in srcdoc
