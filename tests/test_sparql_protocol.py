"""The SPARQL 1.1 Protocol at /sparql, through the real HTTP server (`kb serve`, waitress)."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph

CEASEFIRE = "PREFIX ekb: <https://w3id.org/eventkb/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?e ?label WHERE { ?e a ekb:Ceasefire ; rdfs:label ?label }"
SEED_GRAPH = "https://w3id.org/eventkb/id/graph/2021-03-05-turkey-azerbaijan"


def request(server, method="GET", params=None, body=None, headers=None, path="/sparql"):
    """(status, headers, body) for one HTTP request; errors are answers too."""
    url = server.url + path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _labels(body: bytes) -> list[str]:
    return [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]]


def test_get_query(live_server):
    status, headers, body = request(live_server, params={"query": CEASEFIRE}, headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and headers.get_content_type() == "application/sparql-results+json"
    assert _labels(body) == ["Russian-brokered ceasefire halts the Karabakh conflict"]
    assert headers["X-KB-Truncated"] == "false" and headers["X-KB-Result-Count"] == "1" and headers["X-KB-Result-Limit"] == "50"


def test_post_form_and_post_direct(live_server):
    form = urllib.parse.urlencode({"query": CEASEFIRE}).encode()
    status, _, body = request(live_server, "POST", body=form, headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    assert status == 200 and len(_labels(body)) == 1
    status, _, body = request(live_server, "POST", body=CEASEFIRE.encode(), headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert status == 200 and len(_labels(body)) == 1
    status, _, body = request(live_server, "POST", body=b"x", headers={"Content-Type": "text/plain"})
    assert status == 400 and b"Content-Type" in body


@pytest.mark.parametrize("accept, check", [
    ("application/sparql-results+xml", lambda b: ET.fromstring(b).tag.endswith("sparql")),
    ("text/csv", lambda b: list(csv.reader(io.StringIO(b.decode())))[0] == ["e", "label"]),
    ("text/tab-separated-values", lambda b: b.decode().splitlines()[0] == "?e\t?label"),
    ("application/sparql-results+json", lambda b: json.loads(b)["head"]["vars"] == ["e", "label"]),
])
def test_select_content_negotiation(live_server, accept, check):
    status, headers, body = request(live_server, params={"query": CEASEFIRE}, headers={"Accept": accept})
    assert status == 200 and headers.get_content_type() == accept and check(body)


@pytest.mark.parametrize("accept, rdflib_format", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                                   ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
                                                   ("application/trig", "trig")])
def test_construct_content_negotiation(live_server, accept, rdflib_format):
    query = "PREFIX ekb: <https://w3id.org/eventkb/ontology#>\nCONSTRUCT { ?e a ekb:Ceasefire } WHERE { ?e a ekb:Ceasefire }"
    status, headers, body = request(live_server, params={"query": query}, headers={"Accept": accept})
    assert status == 200 and headers.get_content_type() == accept
    assert len(Graph().parse(data=body, format=rdflib_format)) == 1


def test_ask_and_406(live_server):
    status, _, body = request(live_server, params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, body = request(live_server, params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "image/png"})
    assert status == 406 and b"sparql-results+json" in body
    status, _, _ = request(live_server, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert status == 406


def test_default_and_named_graph_uris(live_server):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    def n(params):
        status, _, body = request(live_server, params={"query": count, **params}, headers={"Accept": "application/sparql-results+json"})
        assert status == 200
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    union = n({})
    seed_only = n({"default-graph-uri": SEED_GRAPH})
    assert 2500 < seed_only < union
    assert n({"default-graph-uri": "http://example.org/nothing"}) == 0
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    status, _, body = request(live_server, params={"query": named, "named-graph-uri": SEED_GRAPH}, headers={"Accept": "application/sparql-results+json"})
    assert [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]] == [SEED_GRAPH]


def test_malformed_query_gives_400_with_line_and_column(live_server):
    status, headers, body = request(live_server, params={"query": "SELECT ?x WHERE {\n ?x ?y \n"})
    assert status == 400 and headers.get_content_type() == "text/plain"
    assert b"malformed query" in body and b"error at 3:" in body


def test_result_cap_is_visible(live_server):
    status, headers, body = request(live_server, params={"query": "SELECT ?s WHERE { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 50
    assert headers["X-KB-Truncated"] == "true" and headers["X-KB-Result-Count"] == "50"


def test_service_is_refused_before_it_runs(live_server):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    status, _, body = request(live_server, params={"query": query})
    assert status == 403 and b"SERVICE" in body


@pytest.mark.slow
def test_a_query_past_the_time_limit_is_stopped_and_others_still_answered(live_server):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    status, _, body = request(live_server, params={"query": slow})
    assert status == 503 and b"time limit" in body
    status, _, body = request(live_server, params={"query": CEASEFIRE}, headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and len(_labels(body)) == 1


def _talks_count(server) -> int:
    """How many events the timeline's type filter offers for ekb:Talks."""
    _, _, body = request(server, path="/api/facets")
    return next(item["count"] for item in json.loads(body)["types"] if item["param"] == "Talks")


def test_updates_need_the_token_and_pass_the_shapes_gate(live_server):
    talks = _talks_count(live_server)
    request(live_server, path="/api/timeline")  # a timeline answer is kept before the write
    valid = ('PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX ekb: <https://w3id.org/eventkb/ontology#> '
             'INSERT DATA { GRAPH <http://example.org/notes> { <http://example.org/e9> a ekb:Talks ; rdfs:label "Talks in Tbilisi" ; ekb:undated true } }')
    headers = {"Content-Type": "application/sparql-update"}
    status, _, body = request(live_server, "POST", body=valid.encode(), headers=headers)
    assert status == 401 and b"Bearer" in body
    status, _, _ = request(live_server, "POST", body=valid.encode(), headers={**headers, "Authorization": "Bearer wrong"})
    assert status == 401
    status, _, _ = request(live_server, params={"update": valid})
    assert status == 400
    auth = {**headers, "Authorization": f"Bearer {live_server.token}"}
    invalid = valid.replace('rdfs:label "Talks in Tbilisi" ;', "")
    status, _, body = request(live_server, "POST", body=invalid.encode(), headers=auth)
    assert status == 400 and b"does not satisfy the shapes" in body
    status, _, body = request(live_server, "POST", body=valid.encode(), headers=auth)
    assert status == 200 and b"http://example.org/notes" in body
    ask = "ASK { <http://example.org/e9> <http://www.w3.org/2000/01/rdf-schema#label> \"Talks in Tbilisi\" }"
    status, _, body = request(live_server, params={"query": ask}, headers={"Accept": "application/sparql-results+json"})
    assert json.loads(body)["boolean"] is True, "the query workers see the update"
    assert _talks_count(live_server) == talks + 1, "the facets are counted again after a write"
    _, _, body = request(live_server, path="/api/timeline")
    assert "http://example.org/e9" in [event["id"] for event in json.loads(body)["undated"]], "so is the timeline"
    status, _, body = request(live_server, "POST", body=b"LOAD <http://127.0.0.1:9/x.ttl>", headers=auth)
    assert status == 403 and b"LOAD" in body
    lower_case = {**headers, "Authorization": f"bearer {live_server.token}"}  # the scheme is case-insensitive (RFC 7235)
    status, _, _ = request(live_server, "POST", body=b"DROP GRAPH <http://example.org/notes>", headers=lower_case)
    assert status == 200, "the shared server is left as the other tests expect it"
    assert _talks_count(live_server) == talks


def test_cors(live_server):
    status, headers, _ = request(live_server, "OPTIONS", headers={"Origin": "http://elsewhere.example", "Access-Control-Request-Method": "POST"})
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*" and "POST" in headers["Access-Control-Allow-Methods"]
    _, headers, _ = request(live_server, params={"query": "ASK {}"}, headers={"Origin": "http://elsewhere.example"})
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_service_description_and_editor(live_server):
    status, headers, body = request(live_server, headers={"Accept": "text/turtle"})
    assert status == 200 and headers.get_content_type() == "text/turtle"
    graph = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(str(o) == sd + "SPARQL11Query" for o in graph.objects(None, None))
    assert any(str(o) == sd + "UnionDefaultGraph" for o in graph.objects(None, None))
    status, headers, body = request(live_server, headers={"Accept": "text/html"})
    assert status == 200 and headers.get_content_type() == "text/html" and b"<form" in body


def test_oversized_request_is_refused(live_server):
    body = b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * (6 * 1024 * 1024)
    status, _, answer = request(live_server, "POST", body=body, headers={"Content-Type": "application/sparql-query"})
    assert status == 413 and b"larger than" in answer
