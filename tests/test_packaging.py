"""A non-editable install carries the seed article, its sidecar, the ontology, the shapes and the queries."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import json, kb
from kb.knowledge_base import KnowledgeBase
from kb.resources import query_files
with KnowledgeBase("store") as base:
    base.load_seed()
    figures = base.stats()
print(json.dumps({"package": kb.__file__, "events": figures["events"], "queries": len(query_files())}))
"""


@pytest.mark.slow
def test_wheel_works_outside_the_checkout(tmp_path):
    # Build from a copy: setuptools reuses a build/ folder in place, which can hold stale files.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", "build", "*.egg-info", "kb-store", ".git", "__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source), "-w", str(tmp_path / "wheel")],
                   check=True, capture_output=True)
    (wheel,) = (tmp_path / "wheel").glob("eventkb-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(site)
    assert {"kb/data/2021-03-05-turkey-azerbaijan.txt", "kb/data/2021-03-05-turkey-azerbaijan.toml",
            "kb/ontology/eventkb.ttl", "kb/ontology/shapes.ttl"} <= set(names)
    assert any(name.startswith("kb/ontology/queries/") and name.endswith(".rq") for name in names)
    work = tmp_path / "elsewhere"
    work.mkdir()
    result = subprocess.run([sys.executable, "-c", CHECK], cwd=work, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout)
    assert figures["package"].startswith(str(site))
    assert figures["events"] == 44
    assert figures["queries"] == len(list((ROOT / "ontology" / "queries").glob("*.rq"))) >= 15
