"""Uploads to /validate from anyone: no fetching, no file reading, no entity bombs, a triple and time budget."""

from __future__ import annotations

import io
import json
import resource
import threading
import time
from collections.abc import Iterator

import pytest

from tests.helpers import LocalSite, local_site
from web import create_app

REMOTE_CONTEXT = "refused.jsonld: JSON-LD contexts must be written inline"


@pytest.fixture(scope="module")
def contexts() -> Iterator[LocalSite]:
    with local_site(lambda path: (b'{"@context": {"name": "http://schema.org/name"}}', "application/ld+json")) as site:
        yield site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = create_app({"TESTING": True, "KB_STORE": str(tmp_path_factory.mktemp("uploads") / "store"),
                      "KB_MAX_TRIPLES": 1000, "KB_CHECK_TIMEOUT": 20.0})
    yield app
    app.extensions["kb"].close()


def _upload(app, data: bytes, name: str, client: str = "10.1.0.1"):
    return app.test_client().post("/validate", data={"file": (io.BytesIO(data), name)},
                                  content_type="multipart/form-data", environ_base={"REMOTE_ADDR": client})


def _document(context: object) -> bytes:
    return json.dumps({"@context": context, "@id": "http://example.org/a", "name": "A"}).encode()


@pytest.mark.parametrize("context", ["{url}", ["{url}"], "file:///etc/passwd", "file:///no/such/file", "../secret.jsonld"])
def test_a_context_from_elsewhere_is_refused_without_a_request_or_a_path(site, contexts, context):
    filled = json.loads(json.dumps(context).replace("{url}", contexts.url + "/context.jsonld"))
    response = _upload(site, _document(filled), "refused.jsonld")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and REMOTE_CONTEXT in page
    assert "passwd" not in page and "no/such" not in page and "127.0.0.1" not in page
    assert contexts.requests == []


def test_an_inline_context_is_checked_as_usual(site):
    response = _upload(site, _document({"name": "http://www.w3.org/2000/01/rdf-schema#label"}), "inline.jsonld")
    assert response.status_code == 200 and "Report for inline.jsonld" in response.get_data(as_text=True)


def test_an_entity_bomb_is_refused_at_once(site):
    laughs = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [' + "".join(laughs) + ']>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
            '<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>')
    started = time.monotonic()
    response = _upload(site, bomb.encode(), "bomb.rdf")
    assert response.status_code == 400 and "entity declarations" in response.get_data(as_text=True)
    assert time.monotonic() - started < 5


def test_an_upload_past_the_triple_limit_is_refused_and_the_memory_stays_with_the_worker(site):
    lines = "".join(f"<http://example.org/s{n}> <http://example.org/p> \"{n}\" .\n" for n in range(60_000)).encode()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    response = _upload(site, lines, "big.nt")
    assert response.status_code == 413 and "more than 1000 triples" in response.get_data(as_text=True)
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert grown_mib < 100, "the parse happened in a worker, not in the server"


@pytest.mark.slow
def test_one_client_checks_one_file_at_a_time(site):
    slow = "".join(f"<http://example.org/e{n}> a <http://semanticweb.cs.vu.nl/2009/11/sem/Event> .\n"
                   for n in range(999)).encode()
    first = threading.Thread(target=_upload, args=(site, slow, "slow.ttl", "10.1.0.9"))
    first.start()
    time.sleep(0.3)
    second = _upload(site, b"", "again.ttl", "10.1.0.9")
    first.join()
    assert second.status_code == 429 and "Retry-After" in second.headers
