"""`kb serve` and the store it holds: the seed is there at start, and a second writer is told what to do."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import urllib.request

import waitress
from click.testing import CliRunner

from kb.cli import main
from web.server import quiet_queue_warnings


def test_the_server_loaded_the_seed_into_its_empty_store(live_server):
    query = "PREFIX%20sem%3A%20%3Chttp%3A%2F%2Fsemanticweb.cs.vu.nl%2F2009%2F11%2Fsem%2F%3E%20ASK%20%7B%20%3Fe%20a%20%3Fc%20%7D"
    with urllib.request.urlopen(f"{live_server.url}/sparql?query={query}&format=json", timeout=10) as response:
        assert json.loads(response.read())["boolean"] is True
    with urllib.request.urlopen(f"{live_server.url}/", timeout=10) as response:
        assert response.headers["Server"] == "eventkb"  # waitress, not Flask's development server


def test_kb_load_while_the_server_holds_the_store_says_how_to_go_on(live_server):
    result = subprocess.run([sys.executable, "-c", "from kb.cli import main; main()", "load", "--store", str(live_server.store)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "in use by another process" in result.stderr and "kb serve" in result.stderr and "SPARQL Update" in result.stderr


def test_waitress_keeps_its_errors_but_not_its_queue_depth_warnings(caplog):
    """Under load waitress writes a "Task queue depth" line per waiting request: `kb serve` drops those."""
    queue = logging.getLogger("waitress.queue")
    before = queue.level
    try:
        quiet_queue_warnings()
        queue.warning("Task queue depth is %d", 7)  # as waitress.task.ThreadedTaskDispatcher.add_task does
        logging.getLogger("waitress").error("Exception while serving /")
        logging.getLogger("waitress").warning("1 thread(s) still running")
    finally:
        queue.setLevel(before)
    assert [record.getMessage() for record in caplog.records] == ["Exception while serving /", "1 thread(s) still running"]


def test_kb_serve_quiets_the_queue_before_serving(monkeypatch, tmp_path):
    queue = logging.getLogger("waitress.queue")
    before, levels = queue.level, []

    def serve(app, **options) -> None:
        levels.append(queue.getEffectiveLevel())
        app.extensions["kb"].close()

    monkeypatch.setenv("KB_LOAD_SEED", "0")
    monkeypatch.setattr(waitress, "serve", serve)
    try:
        result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "store")])
    finally:
        queue.setLevel(before)
    assert result.exit_code == 0, result.output
    assert levels == [logging.ERROR]
