"""/validate and /export: reports, uploads that are never stored, downloads in every format."""

from __future__ import annotations

import io

import pytest
from rdflib import Dataset, Graph

GOOD = b"""@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ekb: <https://w3id.org/eventkb/ontology#> .
<http://example.org/e> a ekb:Talks ; rdfs:label "Talks in Tbilisi" ; ekb:undated true .
"""
BAD = b"""@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
<http://example.org/nameless> a sem:Event .
"""


def _upload(client, data: bytes, name: str):
    return client.post("/validate", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_the_store_report(client):
    response = client.get("/validate")
    assert response.status_code == 200 and "Conforms" in response.get_data(as_text=True)


def test_an_upload_is_checked_and_not_stored(app, client):
    before = app.extensions["kb"].store.quads()
    good = _upload(client, GOOD, "mine.ttl")
    assert good.status_code == 200 and "Report for mine.ttl" in good.get_data(as_text=True)
    assert "Conforms" in good.get_data(as_text=True)
    bad = _upload(client, BAD, "mine.trig")
    page = bad.get_data(as_text=True)
    assert bad.status_code == 200 and "Does not conform" in page and "http://example.org/nameless" in page
    assert app.extensions["kb"].store.quads() == before


@pytest.mark.parametrize("data, name, fragment", [
    (b"@prefix ex: <http://example.org/> . ex:a ex:b", "broken.ttl", "not valid turtle"),
    (b"PK\x03\x04", "sheet.xlsx", "unknown file type"),
])
def test_bad_uploads_get_a_message(client, data, name, fragment):
    response = _upload(client, data, name)
    assert response.status_code == 400 and fragment in response.get_data(as_text=True)


def test_no_file_and_oversized_upload(app, client):
    assert client.post("/validate", data={}, content_type="multipart/form-data").status_code == 400
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = _upload(client, b"#" * (limit + 1), "huge.ttl")
    assert response.status_code == 413 and "larger than this server accepts" in response.get_data(as_text=True)


def test_export_page_lists_the_choices(client):
    page = client.get("/export").get_data(as_text=True)
    assert "format=trig" in page and "2021-03-05-turkey-azerbaijan" in page


@pytest.mark.parametrize("fmt, parser, quads", [("trig", "trig", True), ("nquads", "nquads", True), ("jsonld", "json-ld", True),
                                                ("turtle", "turtle", False), ("ntriples", "nt", False), ("rdfxml", "xml", False)])
def test_export_downloads(client, fmt, parser, quads):
    response = client.get(f"/export?format={fmt}")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    if quads:
        graphs = {str(g.identifier) for g in Dataset().parse(data=response.data, format=parser).graphs() if len(g)}
        assert "https://w3id.org/eventkb/id/graph/2021-03-05-turkey-azerbaijan" in graphs
    else:
        assert len(Graph().parse(data=response.data, format=parser)) > 3000


def test_export_one_graph_and_bad_parameters(client):
    one = client.get("/export?format=turtle&graph=2021-03-05-turkey-azerbaijan")
    assert one.status_code == 200 and 'filename="eventkb-2021-03-05-turkey-azerbaijan.ttl"' in one.headers["Content-Disposition"]
    unknown_format = client.get("/export?format=xlsx")
    assert unknown_format.status_code == 400 and "unknown format" in unknown_format.get_data(as_text=True)
    unknown_graph = client.get("/export?format=trig&graph=nope")
    assert unknown_graph.status_code == 404 and "no article or file" in unknown_graph.get_data(as_text=True)
    for name in ("%00", "a%0Ab", "<x>"):
        bad_name = client.get(f"/export?format=trig&graph={name}")
        assert bad_name.status_code == 400 and "cannot name" in bad_name.get_data(as_text=True)


def test_an_export_is_made_once_per_version_of_the_store_by_a_worker(tmp_path):
    from tests.helpers import app_over

    with app_over(tmp_path, seed=True) as app:
        client, kb = app.test_client(), app.extensions["kb"]
        first, second = client.get("/export?format=csv"), client.get("/export?format=csv")
        assert first.status_code == second.status_code == 200 and first.data == second.data
        assert len(list((kb.checkpoints.directory / "exports").iterdir())) == 1, "made once, then sent from its file"
        assert "export" in kb._workers, "written by a worker process, not in the request thread"  # noqa: SLF001
        kb.remove("2021-03-05-turkey-azerbaijan")
        assert client.get("/export?format=csv").data != first.data, "a write makes it anew"
