"""Shared fixtures for the network tests."""

from __future__ import annotations

import pytest

from fieldnotes.network.registry import DepartmentRegistry


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: needs /usr/bin/chromium (Playwright, headless)")


@pytest.fixture(scope="session")
def municipality() -> DepartmentRegistry:
    """A municipal registry with Dutch and English aliases."""
    return DepartmentRegistry({
        "KCC": ["klantcontactcentrum", "contact centre", "contact center", "call centre"],
        "Beleid": ["beleidsafdeling", "policy", "policy team"],
        "ICT": ["IT", "I&A", "informatievoorziening"],
        "Vergunningen": ["permits", "vergunningverlening"],
        "Belastingen": ["belastingdienst", "tax office"],
        "Communicatie": ["communications", "comms"],
        "Burgerzaken": ["civil affairs", "front desk"],
    })
