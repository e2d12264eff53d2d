"""Process-wide access to the configured database for the UI and the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from fieldnotes.config import database_url
from fieldnotes.storage.db import describe_location, get_engine, session_scope


def engine(url: str | None = None) -> Engine:
    """The migrated engine for `url` (default: the configured database)."""
    return get_engine(url or database_url())


@contextmanager
def transaction(url: str | None = None) -> Iterator[Session]:
    """One user action as one transaction on the configured database."""
    with session_scope(engine(url)) as session:
        yield session


def database_location(url: str | None = None) -> str:
    """Where the data lives, for display in the app."""
    return describe_location(url or database_url())
