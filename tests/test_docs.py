"""The README tells the truth: every command, option and setting is documented, and its examples run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_documented(name):
    assert f"`kb {name}" in README


@pytest.mark.parametrize("name, option", [
    (name, option) for name, command in sorted(main.commands.items())
    for parameter in command.params for option in parameter.opts if option.startswith("--") and option != "--help"
])
def test_every_option_is_documented(name, option):
    assert option in README, f"kb {name} {option} is not in the README"


def test_settings_are_documented():
    assert "KB_STORE" in README
    assert "make test" in README


def _sparql_examples() -> list[str]:
    blocks = re.findall(r"\n((?:    .*\n|\n)+)", README)
    return [re.sub(r"^    ", "", block, flags=re.M).strip() for block in blocks if re.search(r"^\s*(SELECT|ASK|CONSTRUCT)", block, re.M) and "PREFIX" in block]


def test_readme_queries_run_and_answer(seeded_kb):
    examples = _sparql_examples()
    assert len(examples) >= 3
    for sparql in examples:
        rows = list(seeded_kb.query(sparql))
        assert rows, f"no answer for README example:\n{sparql}"


def test_readme_points_at_query_files_that_exist():
    for name in re.findall(r"ontology/queries/([\w-]+\.rq)", README):
        assert (ROOT / "ontology" / "queries" / name).is_file(), name
