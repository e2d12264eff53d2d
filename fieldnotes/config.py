"""Runtime settings read from the environment, with one default each."""

from __future__ import annotations

import os
from pathlib import Path

DB_URL_ENV = "FIELDNOTES_DB_URL"
HOME_ENV = "FIELDNOTES_HOME"


def data_dir() -> Path:
    """Folder for the embedded database and project models (`FIELDNOTES_HOME`, default ~/.fieldnotes)."""
    return Path(os.environ.get(HOME_ENV) or Path.home() / ".fieldnotes").expanduser()


def database_url() -> str:
    """The database URL: `FIELDNOTES_DB_URL`, or an embedded SQLite file in the data folder."""
    url = os.environ.get(DB_URL_ENV)
    if url:
        return url
    return f"sqlite:///{data_dir() / 'fieldnotes.db'}"
