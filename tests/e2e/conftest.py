"""A real fieldnotes server on a free localhost port, and Debian chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import CHROMIUM_ARGS, chromium_or_skip

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


@dataclass
class Server:
    """A running app server."""

    url: str
    up_at: float
    log: Path


@dataclass
class Blocked:
    """Requests that tried to leave localhost."""

    urls: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`fieldnotes serve` on a fresh SQLite file (the demo loads first), until its health check answers."""
    chromium_or_skip()
    tmp = tmp_path_factory.mktemp("server")
    port = _free_port()
    env = dict(os.environ, FIELDNOTES_DB_URL=f"sqlite:///{tmp / 'e2e.db'}", FIELDNOTES_HOME=str(tmp))
    log = tmp / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "fieldnotes.cli", "serve", "--port", str(port), "--address", "127.0.0.1"],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"server did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)
    yield Server(base, time.monotonic(), log)
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian chromium (never a downloaded browser)."""
    path = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def offline_page(browser: object) -> Iterator[tuple[object, Blocked]]:
    """A page whose every request that is not to localhost is aborted and recorded."""
    blocked = Blocked()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]

    def guard(route: object) -> None:
        host = urlparse(route.request.url).hostname or ""  # type: ignore[attr-defined]
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:  # type: ignore[attr-defined]
            route.continue_()  # type: ignore[attr-defined]
        else:
            blocked.urls.append(route.request.url)  # type: ignore[attr-defined]
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", guard)
    page = context.new_page()
    yield page, blocked
    context.close()
