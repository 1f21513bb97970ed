"""The load test (bench/load/run.py) starts, drives and stops a real server: a short run on the seed store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

RUN = Path(__file__).resolve().parents[1] / "bench" / "load" / "run.py"


def test_help_names_the_options():
    answer = subprocess.run([sys.executable, str(RUN), "--help"], capture_output=True, text=True, timeout=30)
    assert answer.returncode == 0
    for option in ("--store", "--clients", "--duration", "--hostile", "--output"):
        assert option in answer.stdout


def test_a_short_run_on_the_seed_store_has_no_errors(tmp_path):
    figures = tmp_path / "figures.json"
    answer = subprocess.run([sys.executable, str(RUN), "--store", "seed", "--clients", "2", "--duration", "3",
                             "--output", str(figures)], capture_output=True, text=True, timeout=120)
    assert answer.returncode == 0, answer.stderr[-2000:]
    report = json.loads(figures.read_text())
    good = report["good"]
    assert good["overall"]["requests"] > 0
    assert good["errors"]["total"] == 0, good["errors"]
    assert set(good["by_kind"]) == {"page", "api", "sparql"}
    assert report["memory"]["before"]["total_kib"] > 0
    assert report["server"]["leftover_processes"] == []
    assert report["server"]["stopped_with"] is not None
    assert "targets" in answer.stdout
