"""Shared fixtures for the report writers: a small and a realistic `ReportData`, built without a database."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from fieldnotes.domain.codebook import DEFAULT_CODEBOOK
from fieldnotes.domain.report import NetworkEdge, ReportData, ReportPassage, ReportTheme, build_report
from fieldnotes.export import charts

THEMES = tuple(ReportTheme(s.key, s.label, s.color, s.definition) for s in DEFAULT_CODEBOOK)

DEPARTMENTS = ("Klantcontact", "Backoffice", "ICT", "Beleid", "Financiën", "Juridische Zaken")

SENTENCES = {
    "silos": "Backoffice ziet niet wat wij bij Klantcontact doen; 'niet onze afdeling' hoor je dagelijks.",
    "no_time": "We hebben geen tijd voor verbeteringen, de achterstanden lopen op en er is veel verloop.",
    "unheard_management": "Het management luistert niet: ons voorstel werd van tafel geveegd zonder overleg.",
    "ideas": "Een medewerker stelde voor om de brieven eerst met de balie te testen.",
    "surprise": "ICT had het systeem aangepast zonder ons te informeren; we werden totaal verrast.",
    "customer_impact": "Klanten bellen drie keer terug omdat ze verkeerde informatie kregen.",
}


def make_report(n_notes: int = 40, passages_per_note: int = 5, lang: str = "nl", seed: int = 3) -> ReportData:
    """A deterministic study: `n_notes` notes over three months with themes, suggestions and surprises."""
    rng = random.Random(seed)
    keys = [t.key for t in THEMES]
    passages = []
    start = dt.date(2024, 3, 4)
    for n in range(n_notes):
        dept = DEPARTMENTS[n % len(DEPARTMENTS)]
        date = start + dt.timedelta(days=(n * 7) % 90)
        kind = ("observation", "interview", "reflection")[n % 3]
        for i in range(passages_per_note):
            key = keys[(n + i) % len(keys)]
            accepted = (key,) if (n + 2 * i) % 4 != 3 else ()  # three in four passages coded
            other = keys[(n + 2 * i + 1) % len(keys)]
            suggested = ((other, round(rng.uniform(0.4, 0.95), 2)),) if other != key else ()
            text = f"{SENTENCES[key]} (notitie {n + 1}, passage {i + 1})"
            passages.append(
                ReportPassage(f"N{n + 1:03d}", dept, date, f"Consultant {n % 2 + 1}", kind, text, accepted, suggested)
            )
    edges = (
        NetworkEdge("ICT", "Klantcontact", 5),
        NetworkEdge("Beleid", "Backoffice", 3),
        NetworkEdge("Backoffice", "Klantcontact", 2),
        NetworkEdge("Klantcontact", "Backoffice", 1),
        NetworkEdge("Financiën", "Juridische Zaken", 1),
    )
    return build_report(
        "Gemeente Voorbeeld – cultuuronderzoek",
        THEMES,
        passages,
        edges=edges,
        subtitle="maart–mei 2024, alle afdelingen",
        lang=lang,
        generated_at=dt.datetime(2024, 6, 1, 9, 30),
    )


@pytest.fixture
def report() -> ReportData:
    """A small study (12 notes, 36 passages) in Dutch."""
    return make_report(n_notes=12, passages_per_note=3)


@pytest.fixture
def report_en() -> ReportData:
    """The same small study with English headings."""
    return make_report(n_notes=12, passages_per_note=3, lang="en")


@pytest.fixture
def demo_report() -> ReportData:
    """A realistic study: 40 notes, 200 passages."""
    return make_report()


@pytest.fixture
def matplotlib_charts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Render charts with matplotlib: a Chromium start per write would make writer tests slow, and what the
    writers do with an image does not depend on the engine that drew it."""
    monkeypatch.setattr(charts, "DEFAULT_ENGINE", "matplotlib")


@pytest.fixture(scope="session")
def pngs() -> dict[str, bytes]:
    """The three report images of the small study, drawn once by matplotlib, for tests about text content."""
    return charts.report_images(make_report(n_notes=12, passages_per_note=3), engine="matplotlib")
