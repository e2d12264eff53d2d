"""AppTest of the codebook editor and the agreement page (reusing the coding page's hand-built database)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from fieldnotes.domain.enums import CodingStatus
from fieldnotes.services import codebook, coding, runtime
from tests.ui.conftest import PAGE_APP
from tests.ui.test_pages_coding import Coded, coded_db  # noqa: F401  (fixture)


@pytest.fixture
def open_page(coded_db: Coded) -> Callable[[str], AppTest]:  # noqa: F811
    """Open a page as Anouk."""

    def run(name: str) -> AppTest:
        at = AppTest.from_file(str(PAGE_APP), default_timeout=60)
        at.query_params["page"] = name
        at.query_params["user"] = "Anouk"
        return at.run()

    return run


def test_pages_coding_codebook_add_theme_suggests_from_cues(open_page: Callable[[str], AppTest],
                                                            coded_db: Coded) -> None:  # noqa: F811
    at = open_page("codebook")
    assert not at.exception and at.title[0].value == "Codeboek"
    at.text_input(key="cb-new-label").input("Telefoon <i>druk</i>").run()
    at.text_area(key="cb-new-cues_nl").input("brief, overspoelen").run()
    at.button(key="cb-new-add").click().run()
    assert not at.exception
    assert at.success and "2 passages" in at.success[0].value
    assert "\\<i\\>" in at.success[0].value, "user text in messages is markdown-escaped"
    assert at.text_input(key="cb-new-label").value == "", "the new-theme form is cleared"
    assert "Telefoon &lt;i&gt;druk&lt;/i&gt;" in "".join(m.value for m in at.markdown)
    with runtime.transaction(coded_db.url) as s:
        theme = next(t for t in coding.list_themes(s, coded_db.project_id) if t.label == "Telefoon <i>druk</i>")
        assert codebook.theme_usage(s, coded_db.project_id)[theme.id].suggestions == 2


def test_pages_coding_codebook_merge_needs_confirmation_and_retire(open_page: Callable[[str], AppTest],
                                                                   coded_db: Coded) -> None:  # noqa: F811
    at = open_page("codebook")
    source, target = coded_db.themes["silos"], coded_db.themes["surprise"]
    at.selectbox(key=f"cb-{source}-merge").set_value(target).run()
    at.button(key=f"cb-{source}-merge_btn").click().run()
    assert at.error, "asks to tick the confirmation first"
    at.checkbox(key=f"cb-{source}-merge_ok").check().run()
    at.button(key=f"cb-{source}-merge_btn").click().run()
    assert at.success
    at.button(key=f"cb-{coded_db.themes['ideas']}-retire").click().run()
    with runtime.transaction(coded_db.url) as s:
        active = {t.key for t in coding.list_themes(s, coded_db.project_id)}
    assert "silos" not in active and "ideas" not in active and "surprise" in active
    at.button(key=f"cb-{coded_db.themes['ideas']}-unretire").click().run()
    with runtime.transaction(coded_db.url) as s:
        assert "ideas" in {t.key for t in coding.list_themes(s, coded_db.project_id)}


def test_pages_coding_agreement_shows_figures_and_escaped_disagreements(open_page: Callable[[str], AppTest],
                                                                         coded_db: Coded) -> None:  # noqa: F811
    p1, p2, p3 = coded_db.passages
    surprise, impact = coded_db.themes["surprise"], coded_db.themes["customer_impact"]
    with runtime.transaction(coded_db.url) as s:
        for user, passage, theme, status in (
            ("Anouk", p1, surprise, CodingStatus.ACCEPTED), ("Bram", p1, surprise, CodingStatus.REJECTED),
            ("Anouk", p2, impact, CodingStatus.ACCEPTED), ("Bram", p2, impact, CodingStatus.ACCEPTED),
            ("Anouk", p3, impact, CodingStatus.REJECTED), ("Bram", p3, surprise, CodingStatus.ACCEPTED),
        ):
            coding.decide(s, coded_db.project_id, passage, theme, status, user)
    at = open_page("agreement")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 6 and "Verrassingen" in set(table.iloc[:, 0])
    html = "".join(m.value for m in at.markdown)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img src=x" not in html
    assert "afgewezen" in html and "Bram" in html
    at.checkbox(key="agreement.with_model").check().run()
    assert not at.exception and "model:test-1" in "".join(m.value for m in at.markdown)
