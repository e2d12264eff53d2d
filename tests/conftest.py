"""Shared fixtures: databases (SQLite always, PostgreSQL when FIELDNOTES_TEST_DB is set) and a browser."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from fieldnotes.storage.db import dispose_engines, get_engine, session_scope

PG_ENV = "FIELDNOTES_TEST_DB"
CHROMIUM = "/usr/bin/chromium"


def _fresh_postgres(base_url: str) -> str:
    """Create an empty database on the test server and return its URL."""
    name = f"fn_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def _drop_postgres(base_url: str, url: str) -> None:
    name = make_url(url).database
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database URL: SQLite always; PostgreSQL when FIELDNOTES_TEST_DB is set."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        yield url
        dispose_engines()
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} not set: PostgreSQL run skipped")
    url = _fresh_postgres(base)
    try:
        yield url
    finally:
        dispose_engines()
        _drop_postgres(base, url)


@pytest.fixture
def engine(db_url: str) -> Engine:
    """A migrated engine on the parametrised database."""
    return get_engine(db_url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """A SQLite database for tests that do not need to run on every backend."""
    url = f"sqlite:///{tmp_path / 'test.db'}"
    yield url
    dispose_engines()


@pytest.fixture
def session(sqlite_url: str) -> Iterator[Session]:
    """A session in one transaction on a fresh SQLite database."""
    with session_scope(get_engine(sqlite_url)) as s:
        yield s


@pytest.fixture
def project_id(session: Session) -> int:
    """A fresh project with the default codebook."""
    from fieldnotes.services import projects

    return projects.create_project(session, "Test", actor="tester").id


def chromium_or_skip() -> str:
    """The Debian chromium path, or skip (fail in CI, where it must be installed)."""
    if Path(CHROMIUM).exists() and shutil.which("chromium"):
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail("chromium is required in CI (apt-get install chromium)")
    pytest.skip("chromium not installed")
    raise AssertionError  # unreachable


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
