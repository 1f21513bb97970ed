"""The layers stay apart: the library never loads Flask or the web layer, and only the store package
touches pyoxigraph, so another store is one more module in kb/store/."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KB = ROOT / "kb"


def _module_level_imports(path: Path) -> set[str]:
    """The modules a file imports at its top level (an import inside a function is a deliberate, lazy one)."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_library_module_imports_flask_or_the_web_layer():
    for path in sorted(KB.rglob("*.py")):
        imported = _module_level_imports(path)
        assert not {name for name in imported if name.split(".")[0] in ("flask", "web", "werkzeug")}, path.name


def test_importing_every_library_module_loads_neither_flask_nor_web():
    modules = [f"kb.{path.stem}" for path in sorted(KB.glob("*.py")) if path.stem != "__init__"]
    code = ("import sys\n" + "".join(f"import {module}\n" for module in modules) +
            "loaded = [m for m in sys.modules if m.split('.')[0] in ('flask', 'web', 'werkzeug')]\n"
            "assert not loaded, loaded\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]


def _all_imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_store_package_imports_pyoxigraph():
    outside = [path for folder in (KB, ROOT / "web") for path in sorted(folder.rglob("*.py"))
               if KB / "store" not in path.parents]
    assert outside and all("pyoxigraph" not in _all_imports(path) for path in outside), \
        [path.name for path in outside if "pyoxigraph" in _all_imports(path)]
    assert any("pyoxigraph" in _all_imports(path) for path in (KB / "store").glob("*.py"))
