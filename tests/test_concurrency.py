"""A burst of concurrent clients leaves validation and updates working: no parser state is shared by request threads."""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.test_admin import GOOD

pytestmark = pytest.mark.slow


def _call(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _upload(url: str) -> int:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"mine.ttl\"\r\n"
            f"Content-Type: text/turtle\r\n\r\n").encode() + GOOD + f"\r\n--{boundary}--\r\n".encode()
    return _call(url + "/validate", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def _update(server, n: int) -> int:
    update = (f"INSERT DATA {{ GRAPH <http://example.org/burst> {{ <http://example.org/e{n}> a "
              "<https://w3id.org/eventkb/ontology#Talks> ; <http://www.w3.org/2000/01/rdf-schema#label> \"Talks\" ; "
              "<https://w3id.org/eventkb/ontology#undated> true } }")
    return _call(server.url + "/sparql", update.encode(), {"Content-Type": "application/sparql-update",
                                                            "Authorization": f"Bearer {server.token}"})


def test_a_burst_of_queries_leaves_validation_and_updates_working(live_server):
    query = live_server.url + "/sparql?" + urllib.parse.urlencode(
        {"query": "SELECT ?l WHERE { ?e a ekb:Ceasefire ; rdfs:label ?l }"})
    deadline = time.monotonic() + 4

    def client(number: int) -> list[tuple[str, int]]:
        statuses = []
        while time.monotonic() < deadline:
            if number % 10 == 0:
                statuses.append(("upload", _upload(live_server.url)))
            elif number % 10 == 1:
                statuses.append(("update", _update(live_server, number)))
            else:
                statuses.append(("query", _call(query)))
        return statuses

    with ThreadPoolExecutor(50) as pool:
        statuses = [status for result in pool.map(client, range(50)) for status in result]
    failed = [kind for kind, status in statuses if status >= 500]
    assert not failed and len(statuses) > 100, f"{failed}\n{live_server.log_tail()}"
    assert _upload(live_server.url) == 200
    assert _update(live_server, 999) == 200
