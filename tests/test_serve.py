"""`kb serve` and the store it holds: the seed is there at start, and a second writer is told what to do."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request


def test_the_server_loaded_the_seed_into_its_empty_store(live_server):
    query = "PREFIX%20sem%3A%20%3Chttp%3A%2F%2Fsemanticweb.cs.vu.nl%2F2009%2F11%2Fsem%2F%3E%20ASK%20%7B%20%3Fe%20a%20%3Fc%20%7D"
    with urllib.request.urlopen(f"{live_server.url}/sparql?query={query}&format=json", timeout=10) as response:
        assert json.loads(response.read())["boolean"] is True
    with urllib.request.urlopen(f"{live_server.url}/", timeout=10) as response:
        assert response.headers["Server"] == "eventkb"  # waitress, not Flask's development server


def test_kb_load_while_the_server_holds_the_store_says_how_to_go_on(live_server):
    result = subprocess.run([sys.executable, "-c", "from web.cli import main; main()", "load", "--store", str(live_server.store)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "in use by another process" in result.stderr and "kb serve" in result.stderr and "SPARQL Update" in result.stderr
