"""Shared fixtures: the seed article, a knowledge base in a temporary store, the CLI runner."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.knowledge_base import KnowledgeBase, read_records
from kb.resources import seed_articles
from tests.browser_fixtures import chromium, new_context, page, request_log  # noqa: F401

# the browser fixtures, here so that every test module shares the session's one browser (two
# modules importing them would each start a Playwright, and the second fails inside the first)
from tests.helpers import seeded_copy


@pytest.fixture(scope="session")
def seed_path() -> Path:
    (path,) = seed_articles()
    return path


@pytest.fixture(scope="session")
def seed_records(seed_path):
    return read_records(seed_path)


@pytest.fixture(scope="session")
def seeded_kb(tmp_path_factory) -> KnowledgeBase:
    """A store with the seed loaded, shared by read-only tests."""
    return KnowledgeBase(seeded_copy(tmp_path_factory.mktemp("seeded") / "store"))


@pytest.fixture
def kb(tmp_path) -> KnowledgeBase:
    """An empty store of its own for tests that write."""
    return KnowledgeBase(tmp_path / "store")


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    """The CLI with KB_STORE pointing at a fresh store."""
    monkeypatch.setenv("KB_STORE", str(tmp_path / "cli-store"))
    return CliRunner()



@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The web app over a store of its own with the seed loaded (create_app loads it into an empty store)."""
    from web import create_app

    application = create_app({"TESTING": True, "KB_STORE": str(tmp_path_factory.mktemp("web") / "store"),
                              "KB_QUERY_WORKERS": 1, "KB_QUERY_TIMEOUT": 3.0})
    yield application
    application.extensions["kb"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@dataclass
class LiveServer:
    url: str
    token: str
    store: Path
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 200) -> str:
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(store: Path, log_path: Path) -> Iterator[LiveServer]:
    """`kb serve` in its own process on a free port over ``store`` (an empty one gets the seed at start)."""
    port, token = _free_port(), "test-token-1234"
    env = {**os.environ, "KB_UPDATE_TOKEN": token, "KB_QUERY_TIMEOUT": "2", "KB_RESULT_LIMIT": "50", "KB_QUERY_WORKERS": "2"}
    log = open(log_path, "w+")
    process = subprocess.Popen([sys.executable, "-c", "from kb.cli import main; main()", "serve", "--port", str(port),
                                "--store", str(store)], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/sparql?query=ASK%7B%7D", timeout=5).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"kb serve did not start:\n{log.read()}") from None
            time.sleep(0.2)
    try:
        yield LiveServer(url, token, store, process, log_path)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """`kb serve` over a store with the seed (loaded at start)."""
    with serving(tmp_path_factory.mktemp("live") / "store", tmp_path_factory.mktemp("live-log") / "server.log") as server:
        yield server


_BROWSER_FIXTURES = {"chromium", "page", "new_context", "watched"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that drive the browser are marked so (make test-quick leaves them out)."""
    for item in items:
        if _BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
