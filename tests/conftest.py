"""Shared fixtures: the seed article, a knowledge base in a temporary store, the CLI runner."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.knowledge_base import KnowledgeBase, read_records
from kb.resources import seed_articles

SEED_DCT = date(2021, 3, 5)


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
    kb = KnowledgeBase(tmp_path_factory.mktemp("seeded") / "store")
    kb.load_seed()
    return kb


@pytest.fixture
def kb(tmp_path) -> KnowledgeBase:
    """An empty store of its own for tests that write."""
    return KnowledgeBase(tmp_path / "store")


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    """The CLI with KB_STORE pointing at a fresh store."""
    monkeypatch.setenv("KB_STORE", str(tmp_path / "cli-store"))
    return CliRunner()

