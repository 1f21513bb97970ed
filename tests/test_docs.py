"""The README tells the truth: every command, option and setting is documented, and its examples run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.cli import main
from kb.settings import SETTINGS

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


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda entry: entry.name)
def test_every_setting_is_documented(setting):
    assert f"`{setting.name}`" in README


def test_the_two_commands_are_documented():
    assert "make serve" in README and "make test" in README


def _sparql_examples() -> list[str]:
    blocks = re.findall(r"\n((?:    .*\n|\n)+)", README)
    code = [re.sub(r"^    ", "", block, flags=re.M).strip() for block in blocks]
    return [block for block in code if block.startswith("PREFIX") and re.search(r"^(SELECT|ASK|CONSTRUCT)", block, re.M)]


def test_readme_queries_run_and_answer(seeded_kb):
    examples = _sparql_examples()
    assert len(examples) >= 3
    for sparql in examples:
        rows = list(seeded_kb.query(sparql))
        assert rows, f"no answer for README example:\n{sparql}"


def test_readme_points_at_query_files_that_exist():
    for name in re.findall(r"ontology/queries/([\w-]+\.rq)", README):
        assert (ROOT / "ontology" / "queries" / name).is_file(), name


def _layout_paths() -> list[str]:
    """The paths the README's Layout section names: each line's first word, under the folders above it."""
    block = README.partition("## Layout")[2].partition("\n## ")[0]
    folders: list[tuple[int, str]] = []
    paths = []
    for line in block.splitlines():
        match = re.match(r"    ( *)([\w.-]+/?)\s", line + " ")
        if not match or not (match.group(2).endswith("/") or "." in match.group(2) or match.group(2) == "Makefile"):
            continue
        depth, name = len(match.group(1)), match.group(2)
        folders = [(d, f) for d, f in folders if d < depth]
        path = "".join(f for _, f in folders) + name
        paths.append(path)
        if name.endswith("/"):
            folders.append((depth, name))
    return paths


def test_every_file_the_layout_names_exists():
    paths = _layout_paths()
    assert "kb/read/timeline.py" in paths and "kb/store/base.py" in paths and "web/urls.py" in paths
    missing = [path for path in paths if not (ROOT / path).exists()]
    assert not missing, missing


def test_every_module_is_in_the_layout():
    named = set(_layout_paths())
    modules = {str(path.relative_to(ROOT)) for folder in ("kb", "web") for path in (ROOT / folder).rglob("*.py")
               if path.name != "__init__.py"}
    assert not modules - named, sorted(modules - named)
